"""The volunteer pages through the test client, CSRF on."""

import json

import pytest
from sqlalchemy import func, select

from fixtures.sign_up_form import volunteer_sign_up_form
from matcher.db.models import OutboxMail, User, VolunteerProfile
from tests.web.web_helpers import settings, sign_in, submit
from webapp import create_app

PAGE = "/vrijwilliger/aanmelden"
FORM = volunteer_sign_up_form()


@pytest.fixture
def client(database, utrecht, tmp_path):
    app = create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))
    return app.test_client()


def count(database, model) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_sign_up_without_the_csrf_token_is_refused(client, database):
    assert client.post(PAGE, data=FORM).status_code == 400
    assert count(database, User) == 0


def test_bad_input_is_shown_per_field_and_everything_typed_is_kept(client, database):
    response = submit(
        client,
        PAGE,
        {**FORM, "postcode": "35A1", "availability-0-end": "24:30", "mode": "in_person"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een postcode in zoals 3511 of 3511 AB." in page
    assert "Vul een tijd in zoals 15:00." in page
    assert "Vul in hoe ver u wilt reizen, of kies online." in page
    assert 'value="Vera de Vries"' in page and 'value="35A1"' in page
    assert (
        '<input checked id="subjects-0" name="subjects" type="checkbox" value="wiskunde">' in page
    )
    assert "Ik wil graag helpen." in page
    assert "een lange zin als wachtwoord" not in page
    assert count(database, User) == 0


def test_hostile_text_is_shown_escaped(client):
    response = submit(client, PAGE, {**FORM, "name": "<script>alert(1)</script>", "email": "x"})
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_page_after_sign_up_is_the_same_for_a_known_address(client, database):
    first = submit(client, PAGE, FORM)
    assert first.status_code == 302
    known = submit(client, PAGE, {**FORM, "name": "Someone Else"})
    assert known.location == first.location
    assert client.get(first.location).get_data() == client.get(known.location).get_data()
    assert count(database, User) == 1
    assert count(database, OutboxMail) == 2


def test_a_postcode_outside_the_regions_gets_a_clear_note(client):
    response = submit(client, PAGE, {**FORM, "postcode": "9712"})
    assert "niet in een regio" in client.get(response.location).get_data(as_text=True)


def test_the_volunteer_area_needs_a_volunteer_login(client):
    response = client.get("/vrijwilliger")
    assert response.status_code == 302 and "/inloggen" in response.location


def confirmed_volunteer(client, database):
    submit(client, PAGE, FORM)
    with database.unit_of_work() as session:
        session.scalars(select(User)).one().email_confirmed_at = session.scalars(
            select(User.created_at)
        ).one()
        session.scalars(select(VolunteerProfile)).one().screening_state = "awaiting_intake"
        session.commit()


def test_a_volunteer_downloads_only_their_own_data(client, database):
    confirmed_volunteer(client, database)
    with database.unit_of_work() as session:
        session.add(User(email="other@example.org", role="volunteer", display_name="Other"))
        session.commit()
    sign_in(client, type("P", (), {"email": FORM["email"], "password": FORM["password"]}))
    response = client.get("/vrijwilliger/mijn-gegevens.json")
    data = json.loads(response.get_data())
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert data["account"]["email"] == "vera@example.org"
    assert data["volunteer_profile"]["subjects"] == ["wiskunde"]
    assert (
        "password_hash" not in data["account"] and "intake_notes" not in data["volunteer_profile"]
    )
    assert b"other@example.org" not in response.get_data()


def test_a_volunteer_pauses_and_changes_availability_on_their_pages(client, database):
    confirmed_volunteer(client, database)
    sign_in(client, type("P", (), {"email": FORM["email"], "password": FORM["password"]}))
    submit(client, "/vrijwilliger", {}, action="/vrijwilliger/pauzeren")
    assert "Gepauzeerd" in client.get("/vrijwilliger").get_data(as_text=True)
    bad = submit(
        client,
        "/vrijwilliger/beschikbaarheid",
        {
            "availability-0-day": "mon",
            "availability-0-start": "18:00",
            "availability-0-end": "17:00",
        },
    )
    assert "De eindtijd moet na de begintijd liggen." in bad.get_data(as_text=True)
    good = submit(
        client,
        "/vrijwilliger/beschikbaarheid",
        {
            "availability-0-day": "sat",
            "availability-0-start": "10:00",
            "availability-0-end": "24:00",
        },
    )
    assert good.status_code == 302
    assert "zaterdag 10:00–24:00" in client.get("/vrijwilliger").get_data(as_text=True)


def test_a_change_the_volunteers_state_does_not_allow_is_explained_in_their_language(
    client, database
):
    confirmed_volunteer(client, database)
    sign_in(client, type("P", (), {"email": FORM["email"], "password": FORM["password"]}))
    submit(client, "/vrijwilliger", {}, action="/vrijwilliger/pauzeren")
    again = submit(client, "/vrijwilliger", {}, action="/vrijwilliger/pauzeren")
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Dat kan niet in de status waarin uw aanmelding nu is." in shown
    again = submit(client, "/vrijwilliger?lang=en", {}, action="/vrijwilliger/pauzeren")
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "That is not possible in the state your registration is in now." in shown
    assert "not possible while" not in shown
