"""Every state change of a match after a run, with its mails and audit entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil
from matcher.matches.answers import accept_match, decline_match, end_match, expire_unanswered
from matcher.matches.decisions import (
    DecisionRefused,
    approve_match,
    create_manual_match,
    reject_match,
)
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.shared.errors import BadInput
from tests.matches import world


@pytest.fixture
def proposal(database):
    """One run in Utrecht with one proposal: (coordinator id, match id)."""
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        world.add_volunteer(session, utrecht)
        world.add_pupil(session, world.add_school(session, utrecht))
        run = run_matching(session, world.actor_of(session, coordinator.id), region_id=utrecht.id,
                           policy=ScreeningPolicy())
        session.commit()
        return coordinator.id, run.matches[0].id


def approve(database, settings, coordinator_id, match_id):
    with database.unit_of_work() as session:
        approve_match(session, world.actor_of(session, coordinator_id), match_id, settings=settings)
        session.commit()


def answer_token(database) -> str:
    with database.unit_of_work() as session:
        mail = session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()[-1]
        return world.ANSWER_LINK.search(mail.body_text).group(1)


def state_of(database, match_id):
    with database.unit_of_work() as session:
        match = session.get(Match, match_id)
        return match.state, match.pupil.state


def actions(database) -> list[str]:
    with database.unit_of_work() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_approval_mails_the_volunteer_what_they_need_to_start(database, settings, proposal):
    approve(database, settings, *proposal)
    with database.unit_of_work() as session:
        mail = session.scalars(select(OutboxMail)).one()
        match = session.get(Match, proposal[1])
        volunteer_email, reference = match.volunteer.user.email, match.pupil.reference
        school_name = match.pupil.school.name
        to_address, body = mail.to_address, mail.body_text
    assert state_of(database, proposal[1]) == ("approved", "proposed")
    assert to_address == volunteer_email
    for needed in ("Klas: 2 havo", "Wiskunde", "online", "Wanneer u allebei kunt: maandag"):
        assert needed in body
    # A mail gets forwarded: no pupil reference, no school; the answer page shows them.
    assert reference not in body and school_name not in body
    assert world.ANSWER_LINK.search(body)
    assert actions(database)[-1] == "match_approved"


def test_approval_is_refused_when_the_volunteer_paused_since_the_run(database, settings, proposal):
    with database.unit_of_work() as session:
        session.get(Match, proposal[1]).volunteer.screening_state = "paused"
        session.commit()
    with pytest.raises(DecisionRefused) as refused, database.unit_of_work() as session:
        approve_match(session, world.actor_of(session, proposal[0]), proposal[1], settings=settings)
    assert refused.value.codes == ("volunteer_not_approved",)


def test_approval_is_refused_when_the_pupils_hours_no_longer_overlap(database, settings, proposal):
    with database.unit_of_work() as session:
        pupil = session.get(Match, proposal[1]).pupil
        pupil.availability = [{"day": "fri", "start": 900, "end": 1020}]
        session.commit()
    with pytest.raises(DecisionRefused) as refused, database.unit_of_work() as session:
        approve_match(session, world.actor_of(session, proposal[0]), proposal[1], settings=settings)
    assert refused.value.codes == ("no_common_hours",)


def test_approval_is_refused_when_the_volunteer_is_full(database, settings, proposal):
    coordinator_id, match_id = proposal
    with database.unit_of_work() as session:
        match = session.get(Match, match_id)
        other = world.add_pupil(session, match.pupil.school)
        session.add(Match(volunteer_id=match.volunteer_id, pupil_id=other.id, state="active"))
        session.commit()
    with pytest.raises(DecisionRefused) as refused, database.unit_of_work() as session:
        approve_match(session, world.actor_of(session, coordinator_id), match_id, settings=settings)
    assert refused.value.codes == ("capacity_reached",)


def test_rejection_needs_a_reason_and_puts_the_pupil_back_on_the_list(database, proposal):
    coordinator_id, match_id = proposal
    with pytest.raises(BadInput, match="reason"), database.unit_of_work() as session:
        reject_match(session, world.actor_of(session, coordinator_id), match_id, reason="  ")
    with database.unit_of_work() as session:
        actor = world.actor_of(session, coordinator_id)
        reject_match(session, actor, match_id, reason="te ver weg")
        session.commit()
    assert state_of(database, match_id) == ("rejected", "waiting")
    assert actions(database)[-1] == "match_rejected"


def test_accepting_starts_the_match_tells_the_school_and_stops_the_waiting_clock(
    database, settings, proposal
):
    approve(database, settings, *proposal)
    raw = answer_token(database)
    clock.advance(timedelta(days=2))
    with database.unit_of_work() as session:
        accept_match(session, raw)
        session.commit()
    with database.unit_of_work() as session:
        match = session.get(Match, proposal[1])
        school_mail = session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()[-1]
        assert school_mail.to_address.startswith("school")
        assert match.volunteer.user.display_name in school_mail.body_text
        assert (match.pupil.days_waited_before, match.pupil.waiting_since) == (12, None)
    assert state_of(database, proposal[1]) == ("active", "matched")
    with pytest.raises(tokens.TokenInvalid), database.unit_of_work() as session:
        accept_match(session, raw)


def test_declining_puts_the_pupil_back_keeping_the_days_waited(database, settings, proposal):
    approve(database, settings, *proposal)
    with database.unit_of_work() as session:
        decline_match(session, answer_token(database), reason="geen tijd")
        session.commit()
    with database.unit_of_work() as session:
        assert session.scalar(select(Pupil)).waiting_days(clock.now()) == 10
    assert state_of(database, proposal[1]) == ("declined", "waiting")


def test_no_answer_within_the_set_days_expires_the_proposal(database, settings, proposal):
    approve(database, settings, *proposal)
    clock.advance(timedelta(days=6))
    with database.unit_of_work() as session:
        assert expire_unanswered(session, answer_days=7) == []
    clock.advance(timedelta(days=2))
    with database.unit_of_work() as session:
        assert expire_unanswered(session, answer_days=7) == [proposal[1]]
        session.commit()
    assert state_of(database, proposal[1]) == ("expired", "waiting")
    assert actions(database)[-1] == "match_expired"


@pytest.mark.parametrize(("reason", "pupil_state"), [
    ("goal_reached", "ended"), ("volunteer_stopped", "waiting"), ("no_click", "waiting"),
])
def test_ending_a_match_returns_the_pupil_to_the_list_only_when_a_new_buddy_is_needed(
    database, settings, proposal, reason, pupil_state
):
    approve(database, settings, *proposal)
    with database.unit_of_work() as session:
        accept_match(session, answer_token(database))
        session.commit()
    clock.advance(timedelta(days=30))
    with database.unit_of_work() as session:
        end_match(session, world.actor_of(session, proposal[0]), proposal[1], reason_code=reason)
        session.commit()
    assert state_of(database, proposal[1]) == ("ended", pupil_state)
    with database.unit_of_work() as session:
        pupil = session.scalar(select(Pupil))
        assert pupil.waiting_days(clock.now()) == 10


def test_a_manual_match_breaking_a_rule_needs_an_override_reason_which_is_audited(
    database, settings
):
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        volunteer = world.add_volunteer(session, utrecht, subjects=["engels"])
        pupil = world.add_pupil(session, world.add_school(session, utrecht))
        session.commit()
        coordinator = world.actor_of(session, coordinator.id)
        ids = {"volunteer_id": volunteer.id, "pupil_id": pupil.id, "settings": settings}
    with pytest.raises(DecisionRefused) as refused, database.unit_of_work() as session:
        create_manual_match(session, coordinator, **ids)
    assert refused.value.codes == ("no_volunteer_subject_level",)
    with database.unit_of_work() as session:
        match = create_manual_match(session, coordinator, **ids,
                                    override_reason="kent de leerling al")
        session.commit()
        match_id = match.id
    assert state_of(database, match_id) == ("approved", "proposed")
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry)).all()[-1]
        assert entry.action == "match_created_by_hand"
        assert entry.details["overridden"] == ["no_volunteer_subject_level"]
        assert "kent" not in str(entry.details)
