"""Spot checks tests/web does not make: the session cookie outside production, refusals' headers."""

from __future__ import annotations

import pytest

from tests.access.roles import Role
from tests.web.web_helpers import sign_in


def test_the_session_cookie_is_httponly_and_samesite_lax_after_signing_in(app, world):
    client = app.test_client()
    response = sign_in(client, world.utrecht.contact)
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(("role", "url", "status"), [
    (Role.VOLUNTEER, "/coordinator/overzicht", 403),
    (Role.OTHER_SCHOOL, "/school/{school}/aanvragen", 404),
    (Role.COORDINATOR, "/vrijwilliger/mijn-gegevens.json", 403),
])  # fmt: skip
def test_refusals_carry_the_security_headers_and_are_not_stored(
    role, url, status, client_as, world
):
    response = client_as(role).get(url.format(school=world.utrecht.school))
    assert response.status_code == status
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_personal_downloads_are_not_stored_either(client_as):
    response = client_as(Role.VOLUNTEER).get("/vrijwilliger/mijn-gegevens.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
