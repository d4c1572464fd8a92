"""The contact log through the web: the volunteer's form, corrections, the coordinator's file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.db.models import ContactAgreement, ContactMoment
from matcher.shared import clock
from tests.contacts.world import TODAY
from tests.matches.web_world import coordinator_of, signed_in, volunteer_login
from tests.web.web_helpers import csrf_token, settings, submit
from webapp import create_app

PAGE = "/vrijwilliger/koppelingen"


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL="https://koppel.test"))


@pytest.fixture
def volunteer(app, database, pairs):
    utrecht, _ = pairs
    return signed_in(app.test_client(), volunteer_login(database, utrecht.volunteer))


def moment(**changes) -> dict[str, object]:
    return {"happened_on": TODAY.isoformat(), "minutes": "25", "way": "phone",
            "topics": ["plannen", "welzijn"], "mood": "good",
            "note": "Rooster voor volgende week gemaakt.", **changes}


def log_url(match_id: int) -> str:
    return f"/vrijwilliger/koppelingen/{match_id}/contactmoment"


def stored(database) -> list[ContactMoment]:
    with database.unit_of_work() as session:
        moments = list(session.scalars(select(ContactMoment).order_by(ContactMoment.id)))
        session.expunge_all()
        return moments


def test_the_volunteer_logs_a_moment_on_their_page_and_sees_it(volunteer, database, pairs):
    utrecht, _ = pairs
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Contactmoment vastleggen" in page and "Nog geen contactmomenten." in page
    assert f'value="{TODAY.isoformat()}"' in page
    response = submit(volunteer, PAGE, moment(), action=log_url(utrecht.match))
    assert response.status_code == 302
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Het contactmoment is opgeslagen." in page
    assert "Rooster voor volgende week gemaakt." in page
    assert "Telefoon" in page and "Plannen en organiseren" in page
    [saved] = stored(database)
    assert (saved.minutes, saved.way, saved.reached, saved.created_by_id) == (
        25, "phone", True, utrecht.volunteer_user)
    assert "0800-2000" not in page


def test_choosing_worried_shows_whom_to_contact(volunteer, pairs):
    utrecht, _ = pairs
    response = submit(volunteer, PAGE, moment(mood="worried"), action=log_url(utrecht.match))
    assert "zorg=" in response.headers["Location"]
    page = volunteer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Neem vandaag nog contact op met uw coördinator" in page
    assert "Veilig Thuis" in page and "0800-2000" in page and "Bel 112" in page


def test_could_not_reach_is_logged_with_the_checkbox(volunteer, database, pairs):
    utrecht, _ = pairs
    submit(volunteer, PAGE, moment(not_reached="y", topics=[], note=""),
           action=log_url(utrecht.match))
    [saved] = stored(database)
    assert (saved.reached, saved.topics, saved.note) == (False, [], None)
    assert "niet bereikt" in volunteer.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "0"}, "Vul een aantal minuten in van 1 tot en met 600."),
        ({"minutes": "601"}, "Vul een aantal minuten in van 1 tot en met 600."),
        ({"minutes": "twintig"}, "Vul een aantal minuten in van 1 tot en met 600."),
        ({"happened_on": (TODAY + timedelta(days=1)).isoformat()},
         "Deze datum ligt in de toekomst."),
        ({"happened_on": "gisteren"}, "Vul een datum in."),
        ({"happened_on": "2020-01-01"}, "De koppeling begon op"),
        ({"note": "x" * 281}, "Hoogstens 280 tekens."),
        ({"way": "duif"}, "Kies hoe u contact had."),
        ({"topics": ["astrologie"]}, "Kies onderwerpen uit de lijst."),
        ({"mood": ""}, "Kies hoe het ging."),
    ],
)
def test_bad_input_shows_a_dutch_message_at_the_field_and_stores_nothing(
    volunteer, database, pairs, changes, message
):
    utrecht, _ = pairs
    response = submit(volunteer, PAGE, moment(**changes), action=log_url(utrecht.match))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'class="error-message"' in page
    assert stored(database) == []


def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(volunteer, database, pairs):
    utrecht, _ = pairs
    response = volunteer.post(log_url(utrecht.match), data=moment())
    assert response.status_code == 400
    assert stored(database) == []


def test_another_volunteers_match_is_not_found(volunteer, database, pairs):
    _, rotterdam = pairs
    response = submit(volunteer, PAGE, moment(), action=log_url(rotterdam.match))
    assert response.status_code == 404
    assert stored(database) == []


def test_the_volunteer_corrects_a_moment_for_seven_days(volunteer, database, pairs):
    utrecht, _ = pairs
    submit(volunteer, PAGE, moment(), action=log_url(utrecht.match))
    [saved] = stored(database)
    url = f"/vrijwilliger/contactmomenten/{saved.id}"
    assert url in volunteer.get(PAGE).get_data(as_text=True)
    form = volunteer.get(url).get_data(as_text=True)
    assert "Rooster voor volgende week gemaakt." in form
    response = submit(volunteer, url, moment(minutes="40"))
    assert response.status_code == 302
    assert stored(database)[0].minutes == 40
    clock.advance(timedelta(days=7, minutes=1))
    assert url not in volunteer.get(PAGE).get_data(as_text=True)
    response = volunteer.get(url)
    assert response.status_code == 302
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Een contactmoment kunt u tot 7 dagen na het vastleggen aanpassen." in page


def test_the_volunteer_agrees_a_rhythm_and_pauses_for_a_holiday(volunteer, database, pairs):
    utrecht, _ = pairs
    submit(volunteer, PAGE, {"rhythm": "twice_weekly"},
           action=f"/vrijwilliger/koppelingen/{utrecht.match}/ritme")
    starts, ends = TODAY + timedelta(days=2), TODAY + timedelta(days=9)
    submit(volunteer, PAGE, {"starts_on": starts.isoformat(), "ends_on": ends.isoformat()},
           action=f"/vrijwilliger/koppelingen/{utrecht.match}/vakantie")
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Afgesproken ritme: Twee keer per week." in page
    assert f"Vakantiepauze van {starts:%d-%m-%Y} tot en met {ends:%d-%m-%Y}." in page
    response = submit(volunteer, PAGE, {"starts_on": ends.isoformat(),
                                        "ends_on": starts.isoformat()},
                      action=f"/vrijwilliger/koppelingen/{utrecht.match}/vakantie")
    assert "De vakantie eindigt vóór hij begint" in response.get_data(as_text=True)


def test_the_coordinator_sees_the_log_and_rhythm_in_the_pupils_file(
    app, volunteer, database, pairs
):
    utrecht, rotterdam = pairs
    submit(volunteer, PAGE, moment(mood="mixed"), action=log_url(utrecht.match))
    coordinator = signed_in(app.test_client(),
                            coordinator_of(database, utrecht.region, "coord@example.org"))
    page = coordinator.get(f"/coordinator/leerlingen/{utrecht.pupil}").get_data(as_text=True)
    for text in ("Afgesproken ritme: Elke week.", "Rooster voor volgende week gemaakt.",
                 "Wisselend", "Telefoon", "25"):
        assert text in page
    response = submit(coordinator, f"/coordinator/leerlingen/{utrecht.pupil}",
                      {"rhythm": "fortnightly"},
                      action=f"/coordinator/koppelingen/{utrecht.match}/ritme")
    assert response.status_code == 302
    with database.unit_of_work() as session:
        assert session.get(ContactAgreement, utrecht.match).rhythm == "fortnightly"
    token = csrf_token(coordinator, f"/coordinator/leerlingen/{utrecht.pupil}")
    response = coordinator.post(f"/coordinator/koppelingen/{rotterdam.match}/ritme",
                                data={"rhythm": "weekly", "csrf_token": token})
    assert response.status_code == 404
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(ContactAgreement)) == 1
