"""The volunteer pages through the test client, CSRF on."""

import json
import re

import pytest
from sqlalchemy import func, select

from fixtures.sign_up_form import CHOSEN_PASSWORD, confirmation_form, volunteer_sign_up_form
from matcher.db.models import OutboxMail, User, VolunteerProfile
from tests.web.web_helpers import Person, settings, sign_in, submit
from webapp import create_app

PAGE = "/vrijwilliger/aanmelden"
FORM = volunteer_sign_up_form()
VERA = Person(0, FORM["email"], CHOSEN_PASSWORD, None)
LINK = re.compile(r"/bevestigen/\S+")


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
    assert 'type="password"' not in page
    assert count(database, User) == 0


def test_hostile_text_is_shown_escaped(client):
    response = submit(client, PAGE, {**FORM, "name": "<script>alert(1)</script>", "email": "x"})
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_postcode_outside_the_regions_gets_a_clear_note(client):
    response = submit(client, PAGE, {**FORM, "postcode": "9712"})
    assert "niet in een regio" in client.get(response.location).get_data(as_text=True)


def test_the_volunteer_area_needs_a_volunteer_login(client):
    response = client.get("/vrijwilliger")
    assert response.status_code == 302 and "/inloggen" in response.location


def confirmed_volunteer(client, database):
    """Sign up and confirm through the link in the mail, which signs the volunteer in."""
    submit(client, PAGE, FORM)
    assert submit(client, latest_link(database), confirmation_form()).status_code == 302


def test_a_volunteer_downloads_only_their_own_data(client, database):
    confirmed_volunteer(client, database)
    with database.unit_of_work() as session:
        session.add(User(email="other@example.org", role="volunteer", display_name="Other"))
        session.commit()
    sign_in(client, VERA)
    response = client.get("/vrijwilliger/mijn-gegevens.json")
    data = json.loads(response.get_data())
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert data["account"]["email"] == "vera@example.org"
    assert data["volunteer_profile"]["subjects"] == ["wiskunde"]
    assert (
        "password_hash" not in data["account"] and "intake_notes" not in data["volunteer_profile"]
    )
    assert b"other@example.org" not in response.get_data()


def test_pausing_says_what_a_pause_means_and_asks_for_confirmation(client, database):
    confirmed_volunteer(client, database)
    home = client.get("/vrijwilliger").get_data(as_text=True)
    assert 'href="/vrijwilliger/pauzeren">Pauze nemen</a>' in home
    page = client.get("/vrijwilliger/pauzeren").get_data(as_text=True)
    assert "geen nieuwe leerlingen voor" in page
    assert "loopt die koppeling gewoon door" in page
    assert "Gepauzeerd" not in client.get("/vrijwilliger").get_data(as_text=True)


def test_the_data_download_says_what_the_file_is_for(client, database):
    confirmed_volunteer(client, database)
    home = client.get("/vrijwilliger").get_data(as_text=True)
    assert "Download alles wat Koppel over u bewaart" in home
    assert "uw recht op inzage" in home
    assert "(JSON)" not in home


def test_a_volunteer_pauses_and_changes_availability_on_their_pages(client, database):
    confirmed_volunteer(client, database)
    submit(client, "/vrijwilliger/pauzeren", {})
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
    submit(client, "/vrijwilliger/pauzeren", {})
    again = submit(client, "/vrijwilliger/pauzeren", {})
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Dat kan niet in de status waarin uw aanmelding nu is." in shown
    again = submit(client, "/vrijwilliger/pauzeren?lang=en", {}, action="/vrijwilliger/pauzeren")
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "That is not possible in the state your registration is in now." in shown
    assert "not possible while" not in shown


def latest_link(database, address: str = "vera@example.org") -> str:
    with database.unit_of_work() as session:
        body = session.scalars(
            select(OutboxMail.body_text)
            .where(OutboxMail.to_address == address)
            .order_by(OutboxMail.id.desc())
        ).first()
    return LINK.search(body).group(0)


def test_the_page_after_sign_up_is_the_same_for_a_new_a_pending_and_a_confirmed_address(
    client, database
):
    pages = []
    for _attempt in ("new", "pending"):
        pages.append(client.get(submit(client, PAGE, FORM).location).get_data())
    submit(client, latest_link(database), confirmation_form())
    client.post("/uitloggen", data={})
    other = client.application.test_client()
    pages.append(other.get(submit(other, PAGE, FORM).location).get_data())
    assert pages[0] == pages[1] == pages[2]
    with database.unit_of_work() as session:
        subjects = session.scalars(select(OutboxMail.subject).order_by(OutboxMail.id)).all()
    assert "al een account" in subjects[-1]


def test_the_confirmation_page_shows_the_sign_up_and_changes_nothing_when_opened(client, database):
    submit(client, PAGE, FORM)
    link = latest_link(database)
    page = client.get(link).get_data(as_text=True)
    for shown in ("Vera de Vries", "3511 (Utrecht)", "Wiskunde", "dinsdag 15:00–17:00"):
        assert shown in page
    assert page.count('type="password"') == 2
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email_confirmed_at)).one() is None
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (confirmation_form("kort"), "Kies een wachtwoord van minstens 12 tekens."),
        (confirmation_form("password1234"), "Dit wachtwoord wordt te vaak gebruikt."),
        (
            {"password": CHOSEN_PASSWORD, "password_again": CHOSEN_PASSWORD + "!"},
            "De twee wachtwoorden zijn niet gelijk.",
        ),
    ],
)
def test_a_refused_password_is_explained_at_its_field_and_the_link_still_works(
    client, database, fields, message
):
    submit(client, PAGE, FORM)
    link = latest_link(database)
    refused = submit(client, link, fields)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert message in page and 'class="error-summary"' in page
    assert "Vera de Vries" in page
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email_confirmed_at)).one() is None
    confirmed = submit(client, link, confirmation_form())
    assert confirmed.status_code == 302 and confirmed.location.endswith("/vrijwilliger")


def test_confirming_signs_the_volunteer_in_and_the_link_then_stops_working(client, database):
    submit(client, PAGE, FORM)
    link = latest_link(database)
    confirmed = submit(client, link, confirmation_form())
    assert confirmed.status_code == 302 and confirmed.location.endswith("/vrijwilliger")
    home = client.get("/vrijwilliger").get_data(as_text=True)
    assert "Uw e-mailadres is bevestigd en uw wachtwoord is opgeslagen." in home
    assert "Wacht op intakegesprek" in home
    assert client.get(link).status_code == 400
    client.post("/uitloggen", data={})
    assert sign_in(client, VERA).location.endswith("/vrijwilliger")


def test_a_stranger_who_signed_up_first_with_the_victims_address_cannot_sign_in(client, database):
    """The review's attack: a sign-up with Vera's address and the attacker's password."""
    stranger = client.application.test_client()
    attack = {**FORM, "name": "Mallory", "postcode": "3581", "password": "mallorys wachtwoord"}
    assert submit(stranger, PAGE, attack).status_code == 302

    submit(client, PAGE, FORM)  # Vera signs up herself
    page = client.get(latest_link(database)).get_data(as_text=True)
    assert "Vera de Vries" in page and "Mallory" not in page
    assert submit(client, latest_link(database), confirmation_form()).status_code == 302

    for password in ("mallorys wachtwoord", CHOSEN_PASSWORD + " niet"):
        refused = sign_in(stranger, Person(0, FORM["email"], password, None))
        assert refused.status_code == 200
    assert stranger.get("/vrijwilliger").status_code == 302
    assert sign_in(stranger, VERA).status_code == 302  # only Vera's own password works
    with database.unit_of_work() as session:
        assert session.scalars(select(User.display_name)).one() == "Vera de Vries"
        assert session.scalars(select(VolunteerProfile.postcode)).one() == "3511"
