"""Check-ins and ending well through the web: answering, asking, confirming, declining."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.contacts.check_ins import put_questions
from matcher.db.models import AuditEntry, EndRequest, Match, PairQuestionnaire, Pupil
from tests.contacts.test_check_ins import school_contact_of
from tests.contacts.world import NOW
from tests.matches.web_world import coordinator_of, school_login, signed_in, volunteer_login
from tests.web.web_helpers import csrf_token, settings, submit
from webapp import create_app

PAGE = "/vrijwilliger/koppelingen"
REQUESTS = "/coordinator/stopverzoeken"


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL="https://koppel.test"))


@pytest.fixture
def pair(database, pairs):
    """Utrecht's pair with its week-4 check-in sent: (pair, volunteer's, school's questionnaire,
    school id)."""
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        pupil.created_by_id = school_contact_of(session, pupil).id
        put_questions(session, session.get(Match, utrecht.match), "week_4", NOW,
                      base_url="https://koppel.test")
        session.commit()
        ids = dict(session.execute(select(PairQuestionnaire.side, PairQuestionnaire.id)).all())
        return utrecht, ids["volunteer"], ids["mentor"], pupil.school_id


def scores(database, questionnaire_id):
    with database.unit_of_work() as session:
        return session.get(PairQuestionnaire, questionnaire_id).scores


def test_the_volunteer_answers_the_check_in_from_their_page_once(app, database, pair):
    utrecht, mine, theirs, _school = pair
    volunteer = signed_in(app.test_client(), volunteer_login(database, utrecht.volunteer))
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Vragen voor u" in page and f"/vragenlijst/{mine}" in page
    form_url = f"/vragenlijst/{mine}"
    form = volunteer.get(form_url).get_data(as_text=True)
    assert "Het contact met mijn leerling gaat goed." in form
    wrong = submit(volunteer, form_url, {"score_1": "9", "score_2": "3", "score_3": "3",
                                         "comment": "x" * 300})
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "Kies een cijfer van 1 tot en met 5." in body
    assert scores(database, mine) is None
    long = submit(volunteer, form_url, {"score_1": "4", "score_2": "3", "score_3": "3",
                                        "comment": "x" * 300})
    assert "Hoogstens 280 tekens." in long.get_data(as_text=True)
    assert scores(database, mine) is None
    done = submit(volunteer, form_url, {"score_1": "4", "score_2": "3", "score_3": "5",
                                        "comment": "Loopt goed."})
    assert done.status_code == 302 and scores(database, mine) == [4, 3, 5]
    assert "al beantwoord" in volunteer.get(form_url).get_data(as_text=True)
    assert f"/vragenlijst/{mine}" not in volunteer.get(PAGE).get_data(as_text=True)
    assert volunteer.get(f"/vragenlijst/{theirs}").status_code == 404


def test_the_school_answers_its_check_in_and_the_coordinator_reads_it_audited(
    app, database, pair
):
    utrecht, mine, theirs, school_id = pair
    school = signed_in(app.test_client(), school_login(database, school_id))
    request_page = school.get(f"/school/aanvraag/{utrecht.pupil}").get_data(as_text=True)
    assert f"/vragenlijst/{theirs}" in request_page
    assert school.get(f"/vragenlijst/{mine}").status_code == 404
    submit(school, f"/vragenlijst/{theirs}", {"score_1": "2", "score_2": "3", "score_3": "4",
                                               "comment": "Leerling is vaker op school."})
    coordinator = signed_in(app.test_client(), coordinator_of(database, utrecht.region,
                                                               "coo@example.org"))
    file = coordinator.get(f"/coordinator/leerlingen/{utrecht.pupil}").get_data(as_text=True)
    assert "Beantwoorde vragen" in file and "Leerling is vaker op school." in file
    with database.unit_of_work() as session:
        details = session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "questionnaire.comments_viewed")).all()
    assert details == [{"questionnaire_ids": [theirs]}]


def test_asking_confirming_and_going_on_to_the_rematch(app, database, pair):
    utrecht, _mine, _theirs, _school = pair
    volunteer = signed_in(app.test_client(), volunteer_login(database, utrecht.volunteer))
    action = f"/vrijwilliger/koppelingen/{utrecht.match}/beeindigen"
    refused = submit(volunteer, PAGE, {"reason_code": "", "note": "Te druk."}, action=action)
    assert "Kies een reden uit de lijst." in refused.get_data(as_text=True)
    submit(volunteer, PAGE, {"reason_code": "volunteer_stopped", "note": "Te druk."},
           action=action)
    coordinator = signed_in(app.test_client(), coordinator_of(database, utrecht.region,
                                                               "coo@example.org"))
    page = coordinator.get(REQUESTS).get_data(as_text=True)
    assert "Te druk." in page and "Vrijwilliger stopt" in page
    file = coordinator.get(f"/coordinator/leerlingen/{utrecht.pupil}").get_data(as_text=True)
    assert "Er is gevraagd deze koppeling te beëindigen." in file
    with database.unit_of_work() as session:
        request_id = session.scalar(select(EndRequest.id))
    confirm = f"{REQUESTS}/{request_id}/bevestigen"
    empty = submit(coordinator, REQUESTS, {"reason_code": ""}, action=confirm)
    assert "Kies een reden uit de lijst." in empty.get_data(as_text=True)
    done = submit(coordinator, REQUESTS, {"reason_code": "volunteer_stopped"}, action=confirm)
    assert done.headers["Location"].endswith(f"leerling={utrecht.pupil}")
    assert "/coordinator/handmatig" in done.headers["Location"]
    with database.unit_of_work() as session:
        assert session.get(Match, utrecht.match).state == "ended"
        exits = session.scalars(select(PairQuestionnaire.id)
                                .where(PairQuestionnaire.kind == "exit")).all()
    assert len(exits) == 2
    page = volunteer.get(PAGE).get_data(as_text=True)
    assert "Vragen bij het einde" in page and "Vragen na 4 weken" not in page


def test_declining_keeps_the_match_going(app, database, pair):
    utrecht, _mine, _theirs, school_id = pair
    school = signed_in(app.test_client(), school_login(database, school_id))
    end_page = f"/school/aanvraag/{utrecht.pupil}/koppeling-beeindigen"
    submit(school, end_page, {"reason_code": "no_click"})
    coordinator = signed_in(app.test_client(), coordinator_of(database, utrecht.region,
                                                               "coo@example.org"))
    with database.unit_of_work() as session:
        request_id = session.scalar(select(EndRequest.id))
    token = csrf_token(coordinator, REQUESTS)
    coordinator.post(f"{REQUESTS}/{request_id}/afwijzen", data={"csrf_token": token})
    with database.unit_of_work() as session:
        assert session.get(EndRequest, request_id).outcome == "declined"
        assert session.get(Match, utrecht.match).state == "active"
    assert "Geen open verzoeken" in coordinator.get(REQUESTS).get_data(as_text=True)
    assert "Verzoek versturen" in school.get(end_page).get_data(as_text=True)
