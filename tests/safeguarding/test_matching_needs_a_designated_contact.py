"""A school without a designated contact: its waiting pupils are left out of matching
runs, and the run says why; they join again once the school has one."""

from __future__ import annotations

from sqlalchemy import select

from matcher.db.models import Match, MatchingRun, User
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches import world as build
from tests.matches.world import actor_of

POLICY = ScreeningPolicy(vog_validity_years=3)


def run(session, region_id: int, coordinator_id: int) -> MatchingRun:
    return run_matching(session, actor_of(session, coordinator_id), region_id=region_id,
                        policy=POLICY)


def test_pupils_of_a_school_without_a_designated_contact_are_left_out_with_the_reason(
    database,
):
    with database.unit_of_work() as session:
        region = build.add_region(session, "utrecht")
        coordinator = build.add_coordinator(session, region)
        covered = build.add_school(session, region)
        uncovered = build.add_school(session, region, designated=False)
        build.add_volunteer(session, region, capacity=2)
        build.add_pupil(session, covered)
        left_out = build.add_pupil(session, uncovered)
        first = run(session, region.id, coordinator.id)
        proposed = session.scalars(select(Match.pupil_id).where(Match.run_id == first.id)).all()
        pupils = first.id_map["pupils"]
        reasons = {pupils[u["pupil"]]: [r["code"] for r in u["reason_codes"]]
                   for u in first.result["unmatched"]}
        assert left_out.id not in proposed and len(proposed) == 1
        assert reasons[left_out.id] == ["no_designated_contact"]
        assert [p["id"] for p in first.instance["pupils"] if pupils[p["id"]] == left_out.id] == []

        build.add_designated_contact(session, uncovered)
        second = run(session, region.id, coordinator.id)
        proposed = session.scalars(select(Match.pupil_id).where(Match.run_id == second.id)).all()
        assert left_out.id in proposed
        session.rollback()


def test_an_inactive_designated_contact_does_not_count(database):
    with database.unit_of_work() as session:
        region = build.add_region(session, "utrecht")
        coordinator = build.add_coordinator(session, region)
        school = build.add_school(session, region, designated=False)
        build.add_designated_contact(session, school).active = False
        build.add_volunteer(session, region)
        build.add_pupil(session, school)
        result = run(session, region.id, coordinator.id)
        assert result.statistics.get("matched", 0) == 0 or not session.scalars(
            select(Match).where(Match.run_id == result.id)).all()
        assert session.scalars(select(User).where(User.active.is_(False))).all()
        session.rollback()
