"""The security page (new recovery codes) and the admin's reset of someone's second factor."""

import pytest
from sqlalchemy import select
from web_helpers import pass_second_factor, sign_in, submit

from matcher.accounts import recovery_codes
from matcher.db.models import AuditEntry, User

pytestmark = pytest.mark.usefixtures("frozen_clock")


def signed_in(app, person):
    client = app.test_client()
    sign_in(client, person)
    if person.totp_secret:
        assert pass_second_factor(client, person).status_code == 302
    return client


def codes_on(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [part.split("</code>")[0] for part in html.split("<li><code>")[1:]]


def test_a_password_only_session_cannot_open_the_security_page(client, make_user):
    sign_in(client, make_user("coordinator"))
    assert client.get("/beveiliging").headers["Location"].startswith("/inloggen/code")


@pytest.mark.parametrize("role", ["volunteer", "school"])
def test_people_without_a_second_factor_have_no_security_page(client, make_user, role):
    sign_in(client, make_user(role))
    assert client.get("/beveiliging").status_code == 403


def test_new_recovery_codes_need_the_password_and_replace_the_old_ones(app, make_user, database):
    person = make_user("coordinator")
    client = signed_in(app, person)
    page = client.get("/beveiliging").get_data(as_text=True)
    assert "Ongebruikte herstelcodes: 0 van de tien." in page
    assert 'href="/beveiliging"' in page

    response = submit(client, "/beveiliging", {"password": "niet-mijn-wachtwoord"})
    assert response.status_code == 200
    assert "Dit wachtwoord klopt niet." in response.get_data(as_text=True)
    assert codes_on(response) == []

    response = submit(client, "/beveiliging", {"password": person.password})
    assert "Eerdere herstelcodes werken niet meer." in response.get_data(as_text=True)
    first = codes_on(response)
    second = codes_on(submit(client, "/beveiliging", {"password": person.password}))
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert "Ongebruikte herstelcodes: 10 van de tien." in client.get("/beveiliging").get_data(
        as_text=True
    )
    with database.unit_of_work() as session:
        assert recovery_codes.remaining(session, person.user_id) == 10
        assert not recovery_codes.use(session, person.user_id, first[0])
        assert recovery_codes.use(session, person.user_id, second[0])


def test_an_admin_finds_the_staff_page_and_resets_a_coordinators_second_factor(
    app, make_user, database
):
    admin = make_user("admin")
    coordinator = make_user("coordinator")
    coordinator_browser = signed_in(app, coordinator)
    client = signed_in(app, admin)
    assert 'href="/beveiliging/medewerkers"' in client.get("/beveiliging").get_data(as_text=True)
    staff = client.get("/beveiliging/medewerkers").get_data(as_text=True)
    assert "coordinator@example.org" in staff and "admin@example.org" not in staff
    page = f"/beveiliging/medewerkers/{coordinator.user_id}/tweede-stap"
    assert f'href="{page}"' in staff

    assert client.get(page).status_code == 200
    response = submit(client, page, {})
    assert response.headers["Location"] == "/beveiliging/medewerkers"
    assert "De tweede stap is gewist." in client.get("/beveiliging/medewerkers").get_data(
        as_text=True
    )
    # The coordinator's session ended; at the next sign-in they set up the app again.
    assert coordinator_browser.get("/beveiliging").headers["Location"].startswith("/inloggen?next=")
    fresh = app.test_client()
    sign_in(fresh, coordinator)
    assert '<p class="secret">' in fresh.get("/inloggen/code").get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(User, coordinator.user_id).totp_secret is None
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "second_factor.reset")
        ).all()
        assert [(e.entity_id, e.actor_user_id) for e in entries] == [
            (coordinator.user_id, admin.user_id)
        ]


def test_a_coordinator_may_not_reset_anyone(app, make_user, database):
    admin = make_user("admin")
    client = signed_in(app, make_user("coordinator"))
    page = f"/beveiliging/medewerkers/{admin.user_id}/tweede-stap"
    assert client.get("/beveiliging/medewerkers").status_code == 403
    assert client.get(page).status_code == 403
    assert client.post(page, data={"csrf_token": "x"}).status_code in {400, 403}
    assert 'href="/beveiliging/medewerkers"' not in client.get("/beveiliging").get_data(
        as_text=True
    )
    with database.unit_of_work() as session:
        assert session.get(User, admin.user_id).totp_secret == admin.totp_secret


@pytest.mark.parametrize("target", ["self", "volunteer", "unknown"])
def test_resetting_oneself_a_volunteer_or_an_unknown_id_is_not_found(app, make_user, target):
    admin = make_user("admin")
    user_id = {
        "self": lambda: admin.user_id,
        "volunteer": lambda: make_user("volunteer").user_id,
        "unknown": lambda: 424242,
    }[target]()
    client = signed_in(app, admin)
    page = f"/beveiliging/medewerkers/{user_id}/tweede-stap"
    assert client.get(page).status_code == 404


def test_a_reset_without_the_csrf_token_changes_nothing(app, make_user, database):
    admin = make_user("admin")
    coordinator = make_user("coordinator")
    client = signed_in(app, admin)
    response = client.post(f"/beveiliging/medewerkers/{coordinator.user_id}/tweede-stap")
    assert response.status_code == 400
    with database.unit_of_work() as session:
        assert session.get(User, coordinator.user_id).totp_secret == coordinator.totp_secret
