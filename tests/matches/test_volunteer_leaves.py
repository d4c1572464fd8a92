"""A volunteer leaves matching (paused, rejected, stopped, erased) while matches are open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil, User
from matcher.db.queries import live_match_count
from matcher.deletion import erasure
from matcher.matches.answers import accept_match, proposal_for_token
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.volunteers import own_profile, screening
from tests.matches import world


def coordinator_of(ids) -> Actor:
    return Actor(ids["coordinator"], Role.COORDINATOR, frozenset({ids["region"]}),
                 second_factor_passed=True)


LEAVING = {
    "coordinator pauses": lambda s, ids: screening.pause_volunteer(
        s, coordinator_of(ids), ids["volunteer"], reason="zorgen"),
    "coordinator rejects": lambda s, ids: screening.reject_volunteer(
        s, coordinator_of(ids), ids["volunteer"], reason="zorgen"),
    "volunteer pauses": lambda s, ids: own_profile.pause(s, Actor(ids["user"], Role.VOLUNTEER)),
    "volunteer stops": lambda s, ids: own_profile.withdraw(s, Actor(ids["user"], Role.VOLUNTEER)),
}


@pytest.mark.parametrize("leave", LEAVING.values(), ids=LEAVING.keys())
def test_a_volunteer_who_leaves_matching_can_no_longer_accept_an_approved_match(
    database, approved, leave
):
    ids, raw = approved
    with database.unit_of_work() as session:
        leave(session, ids)
        session.commit()
    with database.unit_of_work() as session:
        with pytest.raises(tokens.TokenInvalid):
            proposal_for_token(session, raw)
        with pytest.raises(tokens.TokenInvalid):
            accept_match(session, raw)
    with database.unit_of_work() as session:
        match, pupil = session.get(Match, ids["match"]), session.get(Pupil, ids["pupil"])
        assert (match.state, match.ended_at) == ("superseded", world.NOW)
        assert (pupil.state, pupil.waiting_since) == ("waiting", world.NOW - timedelta(days=10))
        assert live_match_count(session, ids["volunteer"]) == 0
        assert session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "match_released")).one() == {
                "pupil_id": ids["pupil"], "volunteer_id": ids["volunteer"]}


@pytest.mark.parametrize("leave", LEAVING.values(), ids=LEAVING.keys())
def test_the_proposals_of_a_volunteer_who_leaves_are_superseded_and_the_pupil_waits_again(
    database, leave
):
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        volunteer = world.add_volunteer(session, utrecht)
        pupil = world.add_pupil(session, world.add_school(session, utrecht))
        run = run_matching(session, world.actor_of(session, coordinator.id), region_id=utrecht.id,
                           policy=ScreeningPolicy())
        session.commit()
        ids = {"region": utrecht.id, "coordinator": coordinator.id, "volunteer": volunteer.id,
               "user": volunteer.user_id, "match": run.matches[0].id, "pupil": pupil.id}
    with database.unit_of_work() as session:
        leave(session, ids)
        session.commit()
    with database.unit_of_work() as session:
        assert session.get(Match, ids["match"]).state == "superseded"
        assert session.get(Pupil, ids["pupil"]).state == "waiting"


def test_a_volunteer_who_stops_ends_their_active_match_and_the_pupil_waits_again(
    database, approved
):
    ids, raw = approved
    with database.unit_of_work() as session:
        accept_match(session, raw)
        session.commit()
    clock.advance(timedelta(days=30))
    with database.unit_of_work() as session:
        own_profile.withdraw(session, Actor(ids["user"], Role.VOLUNTEER))
        session.commit()
    with database.unit_of_work() as session:
        match, pupil = session.get(Match, ids["match"]), session.get(Pupil, ids["pupil"])
        assert (match.state, match.end_reason_code) == ("ended", "volunteer_stopped")
        assert (pupil.state, pupil.waiting_days(clock.now())) == ("waiting", 10)
        told = set(session.scalars(select(OutboxMail.to_address).where(
            OutboxMail.subject.contains(pupil.reference))))
        staff = set(session.scalars(select(User.email).where(
            User.role.in_(("school", "coordinator")))))
        assert staff <= told
        to_volunteer = session.scalars(select(OutboxMail.subject).where(
            OutboxMail.to_address == match.volunteer.user.email)).all()
        assert len(to_volunteer) == 1, "only the proposal: they ended it themselves"


def test_a_volunteer_who_pauses_keeps_their_active_match(database, approved):
    ids, raw = approved
    with database.unit_of_work() as session:
        accept_match(session, raw)
        session.commit()
    with database.unit_of_work() as session:
        own_profile.pause(session, Actor(ids["user"], Role.VOLUNTEER))
        session.commit()
    with database.unit_of_work() as session:
        assert session.get(Match, ids["match"]).state == "active"
        assert session.get(Pupil, ids["pupil"]).state == "matched"


def test_erasing_a_volunteer_puts_the_pupils_of_their_proposals_back_to_waiting(database):
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        volunteer = world.add_volunteer(session, utrecht)
        pupil = world.add_pupil(session, world.add_school(session, utrecht))
        run_matching(session, world.actor_of(session, coordinator.id), region_id=utrecht.id,
                     policy=ScreeningPolicy())
        session.commit()
        user_id, pupil_id = volunteer.user_id, pupil.id
    with database.unit_of_work() as session:
        assert session.get(Pupil, pupil_id).state == "proposed"
        erasure.erase_volunteer(session, Actor(user_id, Role.VOLUNTEER))
        session.commit()
    with database.unit_of_work() as session:
        assert session.get(Pupil, pupil_id).state == "waiting"
