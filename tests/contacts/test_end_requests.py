"""Ending well: asking to end a match, one open request per match, confirm and decline."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.contacts.end_requests import (
    confirm_end,
    decline_end,
    end_now,
    open_end_requests,
    request_end,
)
from matcher.contacts.questionnaire_refusals import EndRequestRefused
from matcher.db.models import AuditEntry, EndRequest, Match, OutboxMail, PairQuestionnaire, Pupil
from tests.contacts.test_check_ins import BASE_URL, school_contact_of
from tests.contacts.world import actor_of


@pytest.fixture
def pair(database, pairs):
    """Utrecht's pair, its request made by the school's contact: (pair, contact's id)."""
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        pupil.created_by_id = school_contact_of(session, pupil).id
        session.commit()
        return utrecht, pupil.created_by_id


def ask(database, user_id, match_id, reason="no_click", explanation=None) -> int:
    return database.run_in_transaction(lambda session: request_end(
        session, actor_of(session, user_id), match_id, reason_code=reason,
        explanation=explanation, base_url=BASE_URL))


def subjects(database) -> list[tuple[str, str]]:
    with database.unit_of_work() as session:
        return [(m.to_address, m.subject.split(" / ")[0]) for m in session.scalars(
            select(OutboxMail).order_by(OutboxMail.id))]


def test_the_volunteer_asks_the_coordinator_hears_and_the_match_goes_on(database, pair):
    utrecht, _school = pair
    request_id = ask(database, utrecht.volunteer_user, utrecht.match, explanation="Te druk.")
    with database.unit_of_work() as session:
        request = session.get(EndRequest, request_id)
        assert (request.side, request.suggested_reason, request.explanation, request.outcome) == (
            "volunteer", "no_click", "Te druk.", None)
        assert session.get(Match, utrecht.match).state == "active"
        lines = open_end_requests(session, actor_of(session, utrecht.coordinator))
        session.commit()
        assert [line.id for line in lines] == [request_id]
        viewed = session.scalars(select(AuditEntry.details)
                                 .where(AuditEntry.action == "end_request.viewed")).one()
        assert viewed == {"end_request_ids": [request_id]}
    assert [subject for _to, subject in subjects(database)] == [
        "Verzoek om een koppeling te beëindigen"]


def test_a_second_request_while_one_is_open_is_refused_with_a_clear_reason(database, pair):
    utrecht, school = pair
    ask(database, utrecht.volunteer_user, utrecht.match)
    with pytest.raises(EndRequestRefused) as refused:
        ask(database, school, utrecht.match, reason="pupil_left_school")
    assert refused.value.code == "request_open"
    with database.unit_of_work() as session:
        assert len(session.scalars(select(EndRequest)).all()) == 1


@pytest.mark.parametrize(("reason", "explanation", "field"), [
    ("bestaat-niet", None, "reason_code"),
    ("", None, "reason_code"),
    ("no_click", "x" * 281, "explanation"),
])
def test_a_wrong_request_is_refused_at_its_field_and_nothing_is_stored(
    database, pair, reason, explanation, field
):
    utrecht, _school = pair
    with pytest.raises(EndRequestRefused) as refused:
        ask(database, utrecht.volunteer_user, utrecht.match, reason, explanation)
    assert refused.value.field == field
    with database.unit_of_work() as session:
        assert session.scalars(select(EndRequest)).all() == []


def test_only_people_around_the_match_may_ask(database, pair, pairs):
    utrecht, _school = pair
    rotterdam = pairs[1]
    for outsider in (rotterdam.volunteer_user, rotterdam.coordinator):
        with pytest.raises(OutOfScope):
            ask(database, outsider, utrecht.match)


def test_confirming_ends_the_match_and_sends_both_sides_the_exit_questions(database, pair):
    utrecht, school = pair
    request_id = ask(database, school, utrecht.match, reason="volunteer_stopped")
    ended = database.run_in_transaction(lambda session: confirm_end(
        session, actor_of(session, utrecht.coordinator), request_id, reason_code="no_click",
        base_url=BASE_URL))
    assert (ended.pupil_id, ended.back_to_waiting) == (utrecht.pupil, True)
    with database.unit_of_work() as session:
        match = session.get(Match, utrecht.match)
        assert (match.state, match.end_reason_code, match.pupil.state) == (
            "ended", "no_click", "waiting")
        assert match.pupil.waiting_since is not None  # waits again from now
        request = session.get(EndRequest, request_id)
        assert (request.outcome, request.settled_by_id) == ("confirmed", utrecht.coordinator)
        asked = session.execute(select(PairQuestionnaire.kind, PairQuestionnaire.side)).all()
        assert sorted(asked) == [("exit", "mentor"), ("exit", "volunteer")]
    with pytest.raises(EndRequestRefused) as refused:
        database.run_in_transaction(lambda session: decline_end(
            session, actor_of(session, utrecht.coordinator), request_id))
    assert refused.value.code == "request_settled"


def test_declining_keeps_the_match_and_tells_the_one_who_asked(database, pair):
    utrecht, school = pair
    request_id = ask(database, school, utrecht.match)
    database.run_in_transaction(lambda session: decline_end(
        session, actor_of(session, utrecht.coordinator), request_id))
    with database.unit_of_work() as session:
        assert session.get(Match, utrecht.match).state == "active"
        assert session.get(EndRequest, request_id).outcome == "declined"
        contact_email = session.get(Pupil, utrecht.pupil).created_by.email
    assert subjects(database)[-1] == (contact_email, "Uw verzoek om de koppeling te beëindigen")
    ask(database, utrecht.volunteer_user, utrecht.match)  # a new request may follow


def test_only_staff_of_the_region_settle_a_request(database, pair, pairs):
    utrecht, school = pair
    request_id = ask(database, utrecht.volunteer_user, utrecht.match)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: decline_end(
            session, actor_of(session, school), request_id))
    with pytest.raises(OutOfScope):
        database.run_in_transaction(lambda session: decline_end(
            session, actor_of(session, pairs[1].coordinator), request_id))


def test_ending_at_once_settles_the_open_request_and_asks_the_exit_questions(database, pair):
    utrecht, _school = pair
    request_id = ask(database, utrecht.volunteer_user, utrecht.match)
    database.run_in_transaction(lambda session: end_now(
        session, actor_of(session, utrecht.coordinator), utrecht.match,
        reason_code="goal_reached", base_url=BASE_URL))
    with database.unit_of_work() as session:
        assert session.get(EndRequest, request_id).outcome == "confirmed"
        assert session.get(Pupil, utrecht.pupil).state == "ended"
        assert len(session.scalars(select(PairQuestionnaire)).all()) == 2
    with pytest.raises(EndRequestRefused) as refused:
        ask(database, utrecht.volunteer_user, utrecht.match)
    assert refused.value.code == "match_not_active"
