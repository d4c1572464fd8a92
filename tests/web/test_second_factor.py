"""Coordinators and admins pass a TOTP code after their password."""

from datetime import timedelta

import pytest
from flask import Blueprint
from web_helpers import pass_second_factor, sign_in, submit

from matcher import accounts, clock
from matcher.db.models import User
from matcher.permissions import Permission
from webapp.access import requires

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
    old_code = accounts.current_totp_code(person.totp_secret)
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
    submit(client, "/inloggen/code", {"code": accounts.current_totp_code(secret)})
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
