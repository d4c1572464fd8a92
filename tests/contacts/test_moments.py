"""Logging, correcting and reading contact moments: who may, which values, what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.contacts.moments import correct_moment, log_moment, moments_of_match
from matcher.contacts.refusals import ContactRefused
from matcher.db.models import AuditEntry, ContactMoment, Match
from matcher.shared import clock
from tests.contacts.world import STARTED, TODAY, actor_of, entry


def log(database, user_id, match_id, **changes):
    return database.run_in_transaction(
        lambda session: log_moment(session, actor_of(session, user_id), match_id, entry(**changes))
    )


def count_moments(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count(ContactMoment.id)))


def test_the_volunteer_logs_a_moment_and_sees_it_in_their_log(database, pairs):
    utrecht, _ = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)
    with database.unit_of_work() as session:
        contact_log = moments_of_match(session, actor_of(session, utrecht.volunteer_user),
                                       utrecht.match)
    [line] = contact_log.moments
    assert (line.id, line.minutes, line.way, line.mood, line.reached) == (
        moment_id, 30, "video", "good", True)
    assert line.topics == ("wiskunde", "plannen")  # in the order of the vocabulary
    assert line.correctable
    assert contact_log.agreement.rhythm == "weekly"


def test_could_not_reach_the_pupil_is_a_moment_too(database, pairs):
    utrecht, _ = pairs
    log(database, utrecht.volunteer_user, utrecht.match, reached=False, topics=(), note=None)
    with database.unit_of_work() as session:
        moment = session.scalars(select(ContactMoment)).one()
        assert (moment.reached, moment.topics, moment.note) == (False, [], None)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"happened_on": None}, "happened_on", "date_missing"),
        ({"happened_on": TODAY + timedelta(days=1)}, "happened_on", "future_date"),
        ({"happened_on": STARTED.date() - timedelta(days=1)}, "happened_on",
         "before_match_start"),
        ({"minutes": 0}, "minutes", "minutes_range"),
        ({"minutes": -5}, "minutes", "minutes_range"),
        ({"minutes": 601}, "minutes", "minutes_range"),
        ({"minutes": None}, "minutes", "minutes_range"),
        ({"way": "pigeon"}, "way", "unknown_way"),
        ({"topics": ("wiskunde", "<script>")}, "topics", "unknown_topic"),
        ({"mood": "great"}, "mood", "unknown_mood"),
        ({"note": "x" * 281}, "note", "text_too_long"),
    ],
)
def test_a_wrong_value_is_refused_at_its_field_and_nothing_is_stored(
    database, pairs, changes, field, code
):
    utrecht, _ = pairs
    with pytest.raises(ContactRefused) as refused:
        log(database, utrecht.volunteer_user, utrecht.match, **changes)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert count_moments(database) == 0


def test_the_limits_themselves_are_accepted(database, pairs):
    utrecht, _ = pairs
    log(database, utrecht.volunteer_user, utrecht.match, minutes=1, happened_on=TODAY,
        note="x" * 280)
    log(database, utrecht.volunteer_user, utrecht.match, minutes=600,
        happened_on=STARTED.date())
    assert count_moments(database) == 2


def test_only_an_active_match_takes_moments(database, pairs):
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).state = "ended"
        session.commit()
    with pytest.raises(ContactRefused) as refused:
        log(database, utrecht.volunteer_user, utrecht.match)
    assert refused.value.code == "match_not_active"
    assert count_moments(database) == 0


def test_another_volunteer_or_a_coordinator_cannot_log_for_the_match(database, pairs):
    utrecht, rotterdam = pairs
    with pytest.raises(OutOfScope):
        log(database, rotterdam.volunteer_user, utrecht.match)
    with pytest.raises(NotPermitted):
        log(database, utrecht.coordinator, utrecht.match)
    with pytest.raises(OutOfScope):
        log(database, utrecht.volunteer_user, 999_999)
    assert count_moments(database) == 0


def test_the_volunteer_corrects_their_moment_within_seven_days_and_not_after(database, pairs):
    utrecht, _ = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)

    def correct(**changes):
        database.run_in_transaction(lambda session: correct_moment(
            session, actor_of(session, utrecht.volunteer_user), moment_id, entry(**changes)))

    clock.advance(timedelta(days=7))
    correct(minutes=45, mood="mixed")
    with database.unit_of_work() as session:
        moment = session.get(ContactMoment, moment_id)
        assert (moment.minutes, moment.mood) == (45, "mixed")
        assert moment.corrected_at == clock.now()
    clock.advance(timedelta(minutes=1))
    with pytest.raises(ContactRefused) as refused:
        correct(minutes=50)
    assert refused.value.code == "correction_closed"
    with database.unit_of_work() as session:
        assert session.get(ContactMoment, moment_id).minutes == 45
        line = moments_of_match(session, actor_of(session, utrecht.volunteer_user),
                                utrecht.match).moments[0]
        assert not line.correctable


def test_a_correction_with_a_wrong_value_changes_nothing(database, pairs):
    utrecht, _ = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)
    with pytest.raises(ContactRefused):
        database.run_in_transaction(lambda session: correct_moment(
            session, actor_of(session, utrecht.volunteer_user), moment_id, entry(minutes=0)))
    with database.unit_of_work() as session:
        assert session.get(ContactMoment, moment_id).minutes == 30


def test_nobody_else_corrects_a_volunteers_moment(database, pairs):
    utrecht, rotterdam = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)
    with pytest.raises(OutOfScope):
        database.run_in_transaction(lambda session: correct_moment(
            session, actor_of(session, rotterdam.volunteer_user), moment_id, entry()))
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: correct_moment(
            session, actor_of(session, utrecht.coordinator), moment_id, entry()))


def test_the_regions_coordinator_reads_the_log_and_the_view_of_notes_is_audited_by_ids(
    database, pairs
):
    utrecht, rotterdam = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)
    contact_log = database.run_in_transaction(lambda session: moments_of_match(
        session, actor_of(session, utrecht.coordinator), utrecht.match))
    assert contact_log.moments[0].note == "Samen de planning voor de toetsweek gemaakt."
    assert not contact_log.moments[0].correctable
    with database.unit_of_work() as session:
        viewed = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "contact.notes_viewed")).one()
        assert (viewed.entity_type, viewed.entity_id, viewed.actor_user_id) == (
            "match", utrecht.match, utrecht.coordinator)
        assert viewed.details == {"moment_ids": [moment_id]}
        with pytest.raises(OutOfScope):
            moments_of_match(session, actor_of(session, rotterdam.coordinator), utrecht.match)
        with pytest.raises(OutOfScope):
            moments_of_match(session, actor_of(session, rotterdam.volunteer_user), utrecht.match)


def test_logging_and_correcting_are_audited_by_ids_only(database, pairs):
    utrecht, _ = pairs
    moment_id = log(database, utrecht.volunteer_user, utrecht.match)
    with database.unit_of_work() as session:
        logged = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "contact.logged")).one()
        assert logged.details == {"moment_id": moment_id, "state": "reached"}
