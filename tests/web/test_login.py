"""Signing in and out: one generic failure, safe redirects, sessions that really end."""

import re

import pytest
from web_helpers import PASSWORD, csrf_token, sign_in, submit

from matcher.accounts import users
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import User

GENERIC_FAILURE = "E-mailadres of wachtwoord klopt niet."


def _without_tokens(page: str) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', page)


def test_unknown_address_and_wrong_password_get_the_same_answer(client, make_user):
    make_user("volunteer", "known@example.org")
    unknown = submit(client, "/inloggen", {"email": "nobody@example.org", "password": PASSWORD})
    wrong = submit(client, "/inloggen", {"email": "known@example.org", "password": "x" * 14})
    assert unknown.status_code == wrong.status_code == 200
    assert GENERIC_FAILURE in unknown.get_data(as_text=True)
    unknown_page = _without_tokens(unknown.get_data(as_text=True))
    wrong_page = _without_tokens(wrong.get_data(as_text=True)).replace("known@", "nobody@")
    assert unknown_page == wrong_page


def test_unconfirmed_account_gets_the_generic_answer(client, make_user):
    person = make_user("volunteer", email_confirmed_at=None)
    page = sign_in(client, person).get_data(as_text=True)
    assert GENERIC_FAILURE in page


def test_volunteer_signs_in_and_lands_on_a_page(client, make_user):
    response = sign_in(client, make_user("volunteer"))
    assert response.status_code == 302
    assert 'action="/uitloggen"' in client.get("/").get_data(as_text=True)


def test_address_is_matched_without_regard_to_case(client, make_user):
    person = make_user("volunteer", "mixed@example.org")
    response = submit(client, "/inloggen", {"email": " Mixed@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302, person


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/privacy", "/privacy"),
        ("/privacy?lang=en", "/privacy?lang=en"),
        ("//evil.example", "/vrijwilliger"),
        ("/\\evil.example", "/vrijwilliger"),
        ("https://evil.example/", "/vrijwilliger"),
        ("javascript:alert(1)", "/vrijwilliger"),
    ],
)
def test_next_only_leads_to_pages_on_this_site(client, make_user, next_url, expected):
    person = make_user("volunteer")
    token = csrf_token(client, "/inloggen")
    response = client.post(
        "/inloggen",
        query_string={"next": next_url},
        data={"email": person.email, "password": person.password, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(app, client, make_user):
    sign_in(client, make_user("volunteer"))
    stolen = client.get_cookie("koppel_session").value
    response = submit(client, "/", {}, action="/uitloggen")
    assert response.status_code == 302
    assert "U bent uitgelogd" in client.get("/").get_data(as_text=True)

    replay = app.test_client()
    replay.set_cookie("koppel_session", stolen)
    page = replay.get("/").get_data(as_text=True)
    assert 'action="/uitloggen"' not in page
    assert 'href="/inloggen"' in page


def test_password_change_ends_other_sessions(app, client, make_user, database):
    person = make_user("volunteer")
    sign_in(client, person)
    actor = Actor(user_id=person.user_id, role=Role.VOLUNTEER)
    with database.unit_of_work() as session:
        users.set_password(session, actor, "een-heel-nieuw-wachtwoord")
        session.commit()
    assert 'href="/inloggen"' in client.get("/").get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(User, person.user_id).session_version == 2
