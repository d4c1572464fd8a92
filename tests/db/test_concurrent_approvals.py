"""Two coordinators approving different volunteers for one pupil at the same moment."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matcher.db.models import Match
from matcher.db.queries import live_match, lock_pupil

pytestmark = pytest.mark.postgres_only


def propose_both(database, scenario) -> list[int]:
    with database.unit_of_work() as session:
        proposals = [
            Match(volunteer_id=volunteer, pupil_id=scenario.pupil_id, state="proposed")
            for volunteer in scenario.volunteer_ids
        ]
        session.add_all(proposals)
        session.commit()
        return [proposal.id for proposal in proposals]


def run_together(work, match_ids: list[int]) -> dict[int, str]:
    outcomes: dict[int, str] = {}
    threads = [threading.Thread(target=work, args=(match_id, outcomes)) for match_id in match_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def live_matches(database, pupil_id: int) -> list[int]:
    with database.unit_of_work() as session:
        return list(
            session.scalars(
                select(Match.id).where(Match.pupil_id == pupil_id, Match.state == "approved")
            )
        )


def test_two_concurrent_approvals_for_one_pupil_cannot_both_win(database, scenario):
    match_ids = propose_both(database, scenario)
    both_checked = threading.Barrier(2, timeout=10)

    def approve(match_id: int, outcomes: dict[int, str]) -> None:
        with database.unit_of_work() as session:
            # Both see no live match yet: a check in Python alone would let both through.
            seen = live_match(session, scenario.pupil_id)
            both_checked.wait()
            if seen is not None:
                outcomes[match_id] = "saw the other approval"
                return
            session.get(Match, match_id).state = "approved"
            try:
                session.commit()
                outcomes[match_id] = "won"
            except IntegrityError:
                outcomes[match_id] = "stopped by the database"

    outcomes = run_together(approve, match_ids)

    assert sorted(outcomes.values()) == ["stopped by the database", "won"]
    assert len(live_matches(database, scenario.pupil_id)) == 1


def test_with_the_pupil_row_locked_the_second_approver_waits_and_sees_the_first(database, scenario):
    match_ids = propose_both(database, scenario)
    both_started = threading.Barrier(2, timeout=10)

    def approve(match_id: int, outcomes: dict[int, str]) -> None:
        with database.unit_of_work() as session:
            both_started.wait()
            lock_pupil(session, scenario.pupil_id)
            if live_match(session, scenario.pupil_id) is not None:
                outcomes[match_id] = "saw the other approval"
                return
            session.get(Match, match_id).state = "approved"
            session.commit()
            outcomes[match_id] = "won"

    outcomes = run_together(approve, match_ids)

    assert sorted(outcomes.values()) == ["saw the other approval", "won"]
    assert len(live_matches(database, scenario.pupil_id)) == 1
