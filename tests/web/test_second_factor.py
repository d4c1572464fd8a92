"""Coordinators and admins pass a TOTP code after their password."""

from datetime import timedelta

import pytest
from flask import Blueprint
from sqlalchemy import select
from web_helpers import pass_second_factor, sign_in, submit

from matcher.accounts import users
from matcher.accounts.permissions import Permission
from matcher.db.models import OutboxMail, User
from matcher.shared import clock
from webapp.shared.access import requires

staff_only = Blueprint("staff_probe", __name__)


@staff_only.get("/probe/coordinator")
@requires(Permission.COORDINATOR_AREA)
def coordinator_page() -> str:
    return "coordinator area"


@pytest.fixture
def app(app):
    app.register_blueprint(staff_only)
    return app


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_password_only_session_cannot_reach_staff_pages(client, make_user, role):
    sign_in(client, make_user(role))
    response = client.get("/probe/coordinator")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen/code")


@pytest.mark.usefixtures("frozen_clock")
def test_current_code_opens_the_staff_pages_and_returns_to_next(client, make_user):
    person = make_user("coordinator")
    response = sign_in(client, person, next_url="/probe/coordinator")
    assert response.headers["Location"] == "/inloggen/code"
    response = pass_second_factor(client, person)
    assert response.headers["Location"] == "/probe/coordinator"
    assert client.get("/probe/coordinator").get_data(as_text=True) == "coordinator area"


@pytest.mark.usefixtures("frozen_clock")
def test_an_old_code_is_refused(client, make_user):
    person = make_user("coordinator")
    old_code = users.current_totp_code(person.totp_secret)
    clock.advance(timedelta(minutes=5))
    sign_in(client, person)
    response = submit(client, "/inloggen/code", {"code": old_code})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert client.get("/probe/coordinator").status_code == 302


@pytest.mark.usefixtures("frozen_clock")
def test_staff_without_a_secret_enrol_with_their_first_code(client, make_user, database):
    person = make_user("coordinator", totp=False)
    sign_in(client, person)
    page = client.get("/inloggen/code").get_data(as_text=True)
    secret = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    submit(client, "/inloggen/code", {"code": users.current_totp_code(secret)})
    assert client.get("/probe/coordinator").status_code == 200
    with database.unit_of_work() as session:
        assert session.get(User, person.user_id).totp_secret == secret


def test_volunteers_are_forbidden_in_the_staff_area(client, make_user):
    sign_in(client, make_user("volunteer"))
    assert client.get("/probe/coordinator").status_code == 403
    assert client.get("/inloggen/code").status_code == 403


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/probe/coordinator")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=/probe/coordinator"


def enrol_in_browser(client, person) -> list[str]:
    """Sign in as a staff member without a secret, set up the app; the codes shown."""
    sign_in(client, person)
    page = client.get("/inloggen/code").get_data(as_text=True)
    secret = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    response = submit(client, "/inloggen/code", {"code": users.current_totp_code(secret)})
    assert response.status_code == 200
    return shown_codes(response)


def shown_codes(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [part.split("</code>")[0] for part in html.split("<li><code>")[1:]]


@pytest.mark.usefixtures("frozen_clock")
def test_setting_up_the_app_shows_ten_recovery_codes_once_then_continues(client, make_user):
    person = make_user("coordinator", totp=False)
    sign_in(client, person, next_url="/probe/coordinator")
    page = client.get("/inloggen/code").get_data(as_text=True)
    secret = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    response = submit(client, "/inloggen/code", {"code": users.current_totp_code(secret)})
    codes = shown_codes(response)
    assert len(set(codes)) == 10 and all(len(code) == 11 for code in codes)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'href="/probe/coordinator"' in response.get_data(as_text=True)
    assert "Eerdere herstelcodes" not in response.get_data(as_text=True)
    assert client.get("/probe/coordinator").status_code == 200
    assert client.get("/inloggen/code").status_code == 302
    assert not set(codes) & set(client.get("/beveiliging").get_data(as_text=True).split())


@pytest.mark.usefixtures("frozen_clock")
def test_a_code_used_to_sign_in_is_refused_on_a_second_browser(app, make_user):
    person = make_user("coordinator")
    first, second = app.test_client(), app.test_client()
    sign_in(first, person)
    assert pass_second_factor(first, person).status_code == 302
    sign_in(second, person)
    response = pass_second_factor(second, person)
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert second.get("/probe/coordinator").status_code == 302
    clock.advance(timedelta(seconds=30))
    assert pass_second_factor(second, person).status_code == 302
    assert second.get("/probe/coordinator").status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(app, make_user):
    person = make_user("admin", totp=False)
    codes = enrol_in_browser(app.test_client(), person)
    client = app.test_client()
    sign_in(client, person, next_url="/probe/coordinator")
    assert 'href="/inloggen/herstelcode"' in client.get("/inloggen/code").get_data(as_text=True)
    response = submit(client, "/inloggen/herstelcode", {"code": codes[3].upper()})
    assert response.headers["Location"] == "/probe/coordinator"
    assert "Ongebruikte herstelcodes: 9" in client.get("/").get_data(as_text=True)
    assert client.get("/probe/coordinator").status_code == 200

    again = app.test_client()
    sign_in(again, person)
    response = submit(again, "/inloggen/herstelcode", {"code": codes[3]})
    assert response.status_code == 200
    assert "Deze herstelcode klopt niet of is al gebruikt." in response.get_data(as_text=True)
    assert again.get("/probe/coordinator").status_code == 302


@pytest.mark.usefixtures("frozen_clock")
def test_a_wrong_recovery_code_keeps_what_was_typed_and_gives_the_generic_message(
    client, make_user
):
    person = make_user("coordinator")
    sign_in(client, person)
    response = submit(client, "/inloggen/herstelcode", {"code": "<b>abcde-fghjk</b>"})
    html = response.get_data(as_text=True)
    assert "Deze herstelcode klopt niet of is al gebruikt." in html
    assert "&lt;b&gt;abcde-fghjk&lt;/b&gt;" in html
    response = submit(client, "/inloggen/herstelcode", {"code": ""})
    assert "Vul een van uw herstelcodes in." in response.get_data(as_text=True)


@pytest.mark.usefixtures("frozen_clock")
def test_someone_still_setting_up_the_app_is_sent_back_from_the_recovery_page(client, make_user):
    sign_in(client, make_user("coordinator", totp=False))
    response = client.get("/inloggen/herstelcode")
    assert response.headers["Location"] == "/inloggen/code"


def test_the_recovery_page_is_for_staff_only(client, make_user):
    assert client.get("/inloggen/herstelcode").headers["Location"].startswith("/inloggen?next=")
    sign_in(client, make_user("volunteer"))
    assert client.get("/inloggen/herstelcode").status_code == 403


@pytest.mark.usefixtures("frozen_clock")
def test_a_recovery_code_without_the_csrf_token_is_refused(client, make_user):
    person = make_user("coordinator", totp=False)
    codes = enrol_in_browser(client, person)
    other = client.application.test_client()
    sign_in(other, person)
    response = other.post("/inloggen/herstelcode", data={"code": codes[0]})
    assert response.status_code == 400
    assert other.get("/probe/coordinator").status_code == 302


def _browser(app, address: str):
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _wrong_codes(browser, times: int) -> None:
    for attempt in range(times):
        page = "/inloggen/code" if attempt % 2 else "/inloggen/herstelcode"
        assert submit(browser, page, {"code": "abcde-fghjk"}).status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_five_wrong_codes_stop_that_address_but_not_the_owner_elsewhere(app, make_user):
    person = make_user("coordinator")
    thief, owner = _browser(app, "10.0.0.66"), _browser(app, "10.0.0.7")
    sign_in(thief, person)
    _wrong_codes(thief, 5)
    refused = pass_second_factor(thief, person)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert thief.get("/probe/coordinator").status_code == 302
    sign_in(owner, person)
    assert pass_second_factor(owner, person).status_code == 302
    assert owner.get("/probe/coordinator").status_code == 200
    clock.advance(timedelta(minutes=15))
    sign_in(thief, person)
    assert submit(thief, "/inloggen/code", {"code": "000000"}).status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_correct_codes_never_count_towards_the_limit(app, make_user):
    person = make_user("coordinator")
    for _ in range(8):
        browser = _browser(app, "10.0.0.7")
        sign_in(browser, person)
        assert pass_second_factor(browser, person).status_code == 302
        clock.advance(timedelta(seconds=30))  # a code is good once


@pytest.mark.usefixtures("frozen_clock")
def test_the_accounts_ceiling_stops_a_spread_out_guess_and_mails_the_owner_once(
    app, make_user, database
):
    person = make_user("coordinator")
    for n in range(6):
        thief = _browser(app, f"10.0.1.{n}")
        sign_in(thief, person)
        _wrong_codes(thief, 5)
    owner = _browser(app, "10.0.0.7")
    sign_in(owner, person)
    assert pass_second_factor(owner, person).status_code == 429
    with database.unit_of_work() as session:
        mails = session.scalars(select(OutboxMail).where(OutboxMail.to_address == person.email)
                                ).all()
        assert [mail.subject for mail in mails] == [
            "Veel verkeerde codes bij uw Koppel-account / Many wrong codes for your Koppel account"
        ]
        assert "30 keer een verkeerde" in mails[0].body_text
        assert "10.0.1" not in mails[0].body_text
    clock.advance(timedelta(hours=1))
    sign_in(owner, person)
    assert pass_second_factor(owner, person).status_code == 302
