"""Two coordinators approving at the same moment: exactly one wins (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from matcher.db.models import Match
from matcher.matches.decisions import DecisionRefused, approve_match
from tests.matches import world

pytestmark = pytest.mark.postgres_only


def approve_together(database, settings, match_ids, coordinator_ids) -> list[str]:
    start = threading.Barrier(len(match_ids), timeout=10)
    outcomes: list[str] = []

    def approve(match_id: int, coordinator_id: int) -> None:
        with database.unit_of_work() as session:
            start.wait()
            try:
                coordinator = world.actor_of(session, coordinator_id)
                approve_match(session, coordinator, match_id, settings=settings)
                session.commit()
                outcomes.append("approved")
            except DecisionRefused as refused:
                outcomes.append(",".join(refused.codes))

    threads = [threading.Thread(target=approve, args=pair)
               for pair in zip(match_ids, coordinator_ids, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_approvals_for_the_last_place_of_a_volunteer_cannot_both_win(database, settings):
    with database.unit_of_work() as session:
        region = world.add_region(session, "utrecht")
        school = world.add_school(session, region)
        coordinators = [world.add_coordinator(session, region).id for _ in range(2)]
        volunteer = world.add_volunteer(session, region, capacity=1)
        proposals = [Match(volunteer_id=volunteer.id, pupil_id=world.add_pupil(session, school).id,
                           state="proposed") for _ in range(2)]
        session.add_all(proposals)
        session.commit()
        ids = [p.id for p in proposals]

    outcomes = approve_together(database, settings, ids, coordinators)

    assert outcomes == ["approved", "capacity_reached"]
    with database.unit_of_work() as session:
        live = session.scalar(select(func.count()).select_from(Match).where(
            Match.volunteer_id == volunteer.id, Match.state == "approved"))
    assert live == 1


def test_two_approvals_of_different_buddies_for_one_pupil_cannot_both_win(database, settings):
    with database.unit_of_work() as session:
        region = world.add_region(session, "utrecht")
        pupil = world.add_pupil(session, world.add_school(session, region))
        coordinators = [world.add_coordinator(session, region).id for _ in range(2)]
        proposals = [Match(volunteer_id=world.add_volunteer(session, region).id, pupil_id=pupil.id,
                           state="proposed") for _ in range(2)]
        session.add_all(proposals)
        session.commit()
        ids = [p.id for p in proposals]

    outcomes = approve_together(database, settings, ids, coordinators)

    # The loser waited for the pupil's lock and then found its proposal superseded.
    assert outcomes == ["approved", "not_proposed"]
