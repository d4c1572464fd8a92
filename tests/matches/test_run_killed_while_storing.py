"""A worker killed (SIGKILL) in the middle of storing a run leaves nothing; the rerun
stores each proposal once. A worker whose database connection is cut says so in words.
(PostgreSQL: a real process, a real lock, a real kill.)"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
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


def queued_run(database) -> tuple[int, list[int]]:
    """Utrecht's three pupils and two volunteers, and a run queued for them."""
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
    return run_id, pupil_ids


def test_a_worker_killed_while_storing_leaves_nothing_and_the_rerun_stores_each_proposal_once(
    database,
):
    run_id, pupil_ids = queued_run(database)
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


def test_a_worker_cut_off_from_the_database_while_storing_fails_saying_so(database):
    run_id, pupil_ids = queued_run(database)
    name = f"koppel-cut-worker-{uuid.uuid4().hex[:8]}"
    worker_db = Database(database.engine.url.update_query_dict(
        {"application_name": name}).render_as_string(False))
    raised: list[BaseException] = []

    def carry_out_here() -> None:
        try:
            execute_run(worker_db, run_id, policy=POLICY)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            raised.append(error)

    holder = database.engine.connect()
    holder.begin()
    holder.execute(select(Pupil.id).where(Pupil.id.in_(pupil_ids)).with_for_update(key_share=True))
    worker = threading.Thread(target=carry_out_here)
    worker.start()
    try:
        wait_until_storing_waits_for_the_pupils(database, run_id, name)
        with database.engine.begin() as admin:
            admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE application_name = :name").bindparams(name=name))
        worker.join(timeout=30)
    finally:
        holder.rollback()
        holder.close()
        worker_db.dispose()

    assert raised, "the worker's error is raised again for the job queue"
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        assert (run.state, run.failure) == ("failed", "De database was niet bereikbaar.")
        assert session.scalar(select(func.count()).select_from(Match)) == 0
