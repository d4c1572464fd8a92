"""A worker killed (SIGKILL) in the middle of storing a run leaves nothing; the rerun
stores each proposal once (PostgreSQL: a real process, a real lock, a real kill)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import uuid

import pytest
from sqlalchemy import func, select, text

from matcher.db import Database
from matcher.db.models import Match, MatchingRun, Pupil
from matcher.matching.run_execution import execute_run
from matcher.matching.run_queue import queue_run
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from tests.matches import world as build

pytestmark = pytest.mark.postgres_only
POLICY = ScreeningPolicy()


def carry_out(url: str, run_id: int) -> None:
    """The worker, in a process of its own, on the tests' clock."""
    with clock.frozen_at(build.NOW):
        execute_run(Database(url), run_id, policy=POLICY)


def test_a_worker_killed_while_storing_leaves_nothing_and_the_rerun_stores_each_proposal_once(
    database,
):
    with database.unit_of_work() as session:
        utrecht = build.add_region(session, "utrecht")
        school = build.add_school(session, utrecht)
        coordinator = build.add_coordinator(session, utrecht)
        for _ in range(2):
            build.add_volunteer(session, utrecht)
        pupil_ids = [build.add_pupil(session, school).id for _ in range(3)]
        session.commit()
        run_id = queue_run(session, build.actor_of(session, coordinator.id),
                           region_id=utrecht.id, policy=POLICY).id
        session.commit()

    # Hold the pupils so that storing, once its proposals are inserted (their foreign
    # keys only share the rows), waits at marking the pupils proposed: mid-transaction.
    holder = database.engine.connect()
    holder.begin()
    holder.execute(select(Pupil.id).where(Pupil.id.in_(pupil_ids)).with_for_update(key_share=True))
    # Named, so that only this worker's session is watched (other tests share the server).
    name = f"koppel-killed-worker-{uuid.uuid4().hex[:8]}"
    url = database.engine.url.update_query_dict({"application_name": name})
    worker = multiprocessing.get_context("spawn").Process(
        target=carry_out, args=(url.render_as_string(False), run_id)
    )
    worker.start()
    try:
        wait_until_storing_waits_for_the_pupils(database, run_id, name)
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
    finally:
        holder.rollback()
        holder.close()
    assert worker.exitcode == -signal.SIGKILL

    with database.unit_of_work() as session:
        assert session.get(MatchingRun, run_id).state == "storing"
        assert session.scalar(select(func.count()).select_from(Match)) == 0

    execute_run(database, run_id, policy=POLICY)

    with database.unit_of_work() as session:
        pairs = session.execute(select(Match.pupil_id, Match.volunteer_id)).all()
        assert session.get(MatchingRun, run_id).state == "open"
    assert len(pairs) == 2 and len({pupil for pupil, _ in pairs}) == 2


def wait_until_storing_waits_for_the_pupils(database, run_id: int, name: str) -> None:
    blocked = text(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
        "AND wait_event_type = 'Lock' AND query LIKE 'UPDATE pupils%'"
    ).bindparams(name=name)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with database.unit_of_work() as session:
            state = session.scalar(select(MatchingRun.state).where(MatchingRun.id == run_id))
            if state == "storing" and session.scalar(blocked):
                return
        time.sleep(0.1)
    pytest.fail("the worker never reached the pupils' update while storing")
