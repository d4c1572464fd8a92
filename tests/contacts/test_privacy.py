"""The contact log in the data download, on erasure and under retention."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from matcher.contacts.forgetting import delete_contact_log
from matcher.contacts.moments import log_moment
from matcher.contacts.rhythm import pause_for_holiday, set_rhythm
from matcher.db.models import (
    ContactAgreement,
    ContactEscalation,
    ContactMoment,
    EndRequest,
    HolidayPause,
    Match,
    PairQuestionnaire,
    Pupil,
)
from matcher.deletion import erasure, retention
from matcher.shared import clock
from matcher.volunteers.own_profile import export_data
from tests.contacts.world import TODAY, actor_of, entry


def fill_log(database, pair):
    def work(session):
        volunteer = actor_of(session, pair.volunteer_user)
        log_moment(session, volunteer, pair.match, entry())
        set_rhythm(session, volunteer, pair.match, "fortnightly")
        pause_for_holiday(session, volunteer, pair.match, TODAY, TODAY + timedelta(days=7))
        session.add(ContactEscalation(match_id=pair.match, episode_start=TODAY, step="reminder"))

    database.run_in_transaction(work)


def rows(session, model, match_id) -> int:
    return session.scalar(select(func.count()).select_from(model)
                          .where(model.match_id == match_id))


def test_the_volunteers_data_download_holds_their_moments_and_pauses_only(database, pairs):
    utrecht, rotterdam = pairs
    fill_log(database, utrecht)
    fill_log(database, rotterdam)
    with database.unit_of_work() as session:
        data = export_data(session, actor_of(session, utrecht.volunteer_user))
    [moment] = data["contact_moments"]
    assert moment["match_id"] == utrecht.match
    assert moment["note"] == "Samen de planning voor de toetsweek gemaakt."
    assert moment["minutes"] == 30
    assert [p["match_id"] for p in data["holiday_pauses"]] == [utrecht.match]


def test_erasing_a_volunteer_empties_their_notes(database, pairs):
    utrecht, rotterdam = pairs
    fill_log(database, utrecht)
    fill_log(database, rotterdam)
    database.run_in_transaction(lambda session: erasure.erase_volunteer(
        session, actor_of(session, utrecht.volunteer_user)))
    with database.unit_of_work() as session:
        notes = dict(session.execute(select(ContactMoment.match_id, ContactMoment.note)).all())
    assert notes[utrecht.match] is None
    assert notes[rotterdam.match] is not None


def test_erasing_a_pupils_request_deletes_the_contact_log_of_its_matches(database, pairs):
    utrecht, rotterdam = pairs
    fill_log(database, utrecht)
    fill_log(database, rotterdam)
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).state = "ended"
        session.get(Match, utrecht.match).ended_at = clock.now()
        session.get(Pupil, utrecht.pupil).state = "ended"
        session.commit()
    database.run_in_transaction(lambda session: erasure.erase_pupil_request(
        session, actor_of(session, utrecht.coordinator), utrecht.pupil))
    with database.unit_of_work() as session:
        for model in (ContactMoment, HolidayPause, ContactAgreement, ContactEscalation):
            assert rows(session, model, utrecht.match) == 0
            assert rows(session, model, rotterdam.match) == 1


def test_the_contact_log_goes_with_the_matchs_retention_period(database, pairs):
    utrecht, rotterdam = pairs
    fill_log(database, utrecht)
    fill_log(database, rotterdam)
    with database.unit_of_work() as session:
        for match_id in (utrecht.match, rotterdam.match):
            session.get(Match, match_id).state = "ended"
            session.get(Match, match_id).ended_at = clock.now()
        session.commit()
    clock.advance(timedelta(days=200))
    with database.unit_of_work() as session:
        session.get(Match, rotterdam.match).ended_at = clock.now()
        session.commit()
    clock.advance(timedelta(days=166))
    database.run_in_transaction(retention.anonymise_finished_matches)
    with database.unit_of_work() as session:
        for model in (ContactMoment, HolidayPause, ContactAgreement, ContactEscalation):
            assert rows(session, model, utrecht.match) == 0
            assert rows(session, model, rotterdam.match) == 1


def add_answers_and_a_request_to_end(database, pair):
    def work(session):
        session.add(PairQuestionnaire(
            match_id=pair.match, kind="week_4", side="volunteer",
            respondent_id=pair.volunteer_user, answered_at=clock.now(), scores=[4, 3, 5],
            comment="Het gaat goed, plannen lukt steeds beter."))
        session.add(EndRequest(
            match_id=pair.match, side="volunteer", requested_by_id=pair.volunteer_user,
            suggested_reason="volunteer_stopped", explanation="Ik verhuis naar het buitenland."))

    database.run_in_transaction(work)


def test_erasing_a_volunteer_empties_their_answers_comments_and_explanations(database, pairs):
    utrecht, rotterdam = pairs
    for pair in pairs:
        add_answers_and_a_request_to_end(database, pair)
    database.run_in_transaction(lambda session: erasure.erase_volunteer(
        session, actor_of(session, utrecht.volunteer_user)))
    with database.unit_of_work() as session:
        comments = dict(session.execute(
            select(PairQuestionnaire.match_id, PairQuestionnaire.comment)).all())
        explanations = dict(session.execute(
            select(EndRequest.match_id, EndRequest.explanation)).all())
        scores = session.scalar(select(PairQuestionnaire.scores)
                                .where(PairQuestionnaire.match_id == utrecht.match))
    assert comments[utrecht.match] is None and explanations[utrecht.match] is None
    assert comments[rotterdam.match] and explanations[rotterdam.match]
    assert scores == [4, 3, 5]


def test_retention_deletes_the_questionnaires_and_requests_to_end_with_the_contact_log(
    database, pairs
):
    utrecht, rotterdam = pairs
    for pair in pairs:
        add_answers_and_a_request_to_end(database, pair)
    with database.unit_of_work() as session:
        delete_contact_log(session, [utrecht.match])
        session.commit()
        for model in (PairQuestionnaire, EndRequest):
            assert rows(session, model, utrecht.match) == 0
            assert rows(session, model, rotterdam.match) == 1
