"""The job queue: once per key, one claimant, leases that run out, backoff, parking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, Job
from matcher.jobs import queue
from matcher.shared import clock
from tests.db.at_once import twice_at_once

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(NOW):
        yield


def _enqueue(database, kind="purge", key=None, **options) -> int | None:
    return database.run_in_transaction(
        lambda session: queue.enqueue(session, kind, {"n": 1}, key=key, **options)
    )


def _job(database, job_id) -> Job:
    with database.unit_of_work() as session:
        job = session.get(Job, job_id)
        session.expunge(job)
        return job


def test_a_key_queues_one_job_however_often_it_is_offered(database):
    first = _enqueue(database, key="purge@slot")
    assert _enqueue(database, key="purge@slot") is None
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1
    assert _job(database, first).state == "queued"


def test_a_claimed_job_is_nobody_elses_and_done_once_completed(database):
    job_id = _enqueue(database)
    claimed = queue.claim(database, "w1")
    assert (claimed.id, claimed.kind, claimed.payload, claimed.attempt) == (
        job_id, "purge", {"n": 1}, 1
    )
    assert queue.claim(database, "w2") is None
    assert queue.complete(database, claimed, "w1") is True
    job = _job(database, job_id)
    assert (job.state, job.finished_at, job.lease_until) == ("done", NOW, None)
    assert queue.claim(database, "w2") is None


def test_a_job_waits_for_its_time_and_the_oldest_due_goes_first(database):
    later = _enqueue(database, run_after=NOW + timedelta(minutes=5))
    first = _enqueue(database)
    assert queue.claim(database, "w1").id == first
    assert queue.claim(database, "w1") is None
    clock.advance(timedelta(minutes=5))
    assert queue.claim(database, "w1").id == later


def test_a_worker_only_takes_the_kinds_it_knows(database):
    _enqueue(database, kind="matching_run")
    assert queue.claim(database, "w1", kinds=frozenset({"purge"})) is None
    assert queue.claim(database, "w1", kinds=frozenset({"matching_run"})) is not None


def test_a_failed_attempt_waits_longer_each_time_and_the_last_one_parks_the_job(database):
    job_id = _enqueue(database, max_attempts=3)
    waits = []
    for attempt in (1, 2):
        claimed = queue.claim(database, "w1")
        assert claimed.attempt == attempt
        assert queue.fail(database, claimed, "w1", "SMTPError: 451") == "queued"
        waits.append(_job(database, job_id).run_after - clock.now())
        assert queue.claim(database, "w1") is None  # not before its backoff
        clock.advance(waits[-1])
    assert waits == [timedelta(seconds=30), timedelta(minutes=1)]
    claimed = queue.claim(database, "w1")
    assert queue.fail(database, claimed, "w1", "SMTPError: 451") == "parked"
    job = _job(database, job_id)
    assert (job.state, job.attempts, job.last_error) == ("parked", 3, "SMTPError: 451")
    clock.advance(timedelta(days=1))
    assert queue.claim(database, "w1") is None
    with database.unit_of_work() as session:
        assert [j.id for j in queue.parked_jobs(session)] == [job_id]


def test_the_backoff_doubles_up_to_an_hour():
    assert [queue.retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)
    ]
    assert queue.retry_delay(30) == timedelta(hours=1)


def test_a_dead_workers_job_is_taken_again_once_its_lease_runs_out(database):
    job_id = _enqueue(database)
    lost = queue.claim(database, "w1", leases={"purge": timedelta(minutes=2)})
    clock.advance(timedelta(minutes=1))
    assert queue.claim(database, "w2") is None
    clock.advance(timedelta(minutes=1, seconds=1))
    again = queue.claim(database, "w2")
    assert (again.id, again.attempt) == (job_id, 2)
    # The first worker comes back to life: its result no longer counts.
    assert queue.complete(database, lost, "w1") is False
    assert queue.fail(database, lost, "w1", "late") == "lost"
    assert queue.complete(database, again, "w2") is True


def test_a_job_whose_worker_dies_every_time_is_parked(database):
    job_id = _enqueue(database, max_attempts=2)
    for _ in range(2):
        assert queue.claim(database, "w1") is not None
        clock.advance(queue.DEFAULT_LEASE + timedelta(seconds=1))
    assert queue.claim(database, "w1") is None
    job = _job(database, job_id)
    assert job.state == "parked"
    assert "stopped" in job.last_error


def test_progress_is_stored_and_keeps_the_lease(database):
    job_id = _enqueue(database)
    claimed = queue.claim(database, "w1")
    clock.advance(queue.DEFAULT_LEASE - timedelta(seconds=1))
    queue.report_progress(database, claimed, "w1", {"phase": "solving"})
    clock.advance(timedelta(minutes=2))
    assert queue.claim(database, "w2") is None
    assert _job(database, job_id).progress == {"phase": "solving"}


def test_an_admin_queues_a_parked_job_again_and_that_is_audited(database):
    job_id = _enqueue(database, max_attempts=1)
    queue.fail(database, queue.claim(database, "w1"), "w1", "boom")
    coordinator = Actor(user_id=7, role=Role.COORDINATOR, second_factor_passed=True)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda s: queue.retry_parked(s, coordinator, job_id))
    admin = Actor(user_id=None, role=Role.ADMIN, second_factor_passed=True)
    database.run_in_transaction(lambda s: queue.retry_parked(s, admin, job_id))
    job = _job(database, job_id)
    assert (job.state, job.attempts) == ("queued", 0)
    assert queue.claim(database, "w1").id == job_id
    with database.unit_of_work() as session:
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity_id == job_id)) == (
            "job.retried"
        )


@pytest.mark.postgres_only
def test_two_workers_claiming_at_the_same_moment_never_take_one_job_twice(database):
    for _ in range(20):
        _enqueue(database)
    taken: list[int] = []
    for _ in range(10):
        both = twice_at_once(database, lambda _session: queue.claim(database, "w"))
        assert all(claimed is not None for claimed in both)
        taken += [claimed.id for claimed in both]
    assert len(taken) == len(set(taken)) == 20
