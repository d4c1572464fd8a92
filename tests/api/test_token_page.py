"""The page for API tokens: shown once, listed with last use, revocable; CSRF on."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from matcher.db.models import ApiToken
from matcher.shared import clock
from tests.api.conftest import bearer
from tests.web.web_helpers import csrf_token

PAGE = "/beveiliging/api-sleutels"


def make(client, **fields):
    values = {"name": "Leerlingvolgsysteem", "scope": "write",
              "expires_on": (clock.today() + timedelta(days=30)).isoformat(), **fields}
    return client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), **values})


def test_a_new_token_is_shown_once_and_works(contact, app, database):
    page = make(contact).get_data(as_text=True)
    [raw] = re.findall(r"koppel_[A-Za-z0-9_-]{43}", page)
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 200
    again = contact.get(PAGE).get_data(as_text=True)
    assert raw not in again and "Leerlingvolgsysteem" in again
    with database.unit_of_work() as session:
        assert [t.scope for t in session.scalars(select(ApiToken))] == ["write"]


def test_a_token_for_longer_than_a_year_is_refused_at_its_field(contact, database):
    page = make(contact, expires_on="2999-01-01").get_data(as_text=True)
    assert "Kies een vervaldatum" in page
    with database.unit_of_work() as session:
        assert session.scalars(select(ApiToken)).all() == []


def test_revoking_on_the_page_stops_the_token(contact, app, database):
    raw = re.findall(r"koppel_[A-Za-z0-9_-]{43}", make(contact).get_data(as_text=True))[0]
    with database.unit_of_work() as session:
        token_id = session.scalar(select(ApiToken.id))
    response = contact.post(f"{PAGE}/{token_id}/intrekken",
                            data={"csrf_token": csrf_token(contact, PAGE)})
    assert response.status_code == 302
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    assert "ingetrokken" in contact.get(PAGE).get_data(as_text=True)


def test_a_post_without_csrf_makes_nothing(contact, database):
    response = contact.post(PAGE, data={"name": "x", "scope": "read", "expires_on": "2030-01-01"})
    assert response.status_code == 400
    with database.unit_of_work() as session:
        assert session.scalars(select(ApiToken)).all() == []


def test_the_docs_page_lists_the_operations_under_the_csp(app):
    response = app.test_client().get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "POST /api/v1/schools/{school}/requests/bulk" in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "cdn" not in page.lower()
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/v1/requests/{request_id}" in spec["paths"]
