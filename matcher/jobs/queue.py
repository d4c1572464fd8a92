"""A job queue in the database: enqueue once, claim under a lease, retry, park.

Koppel keeps its own table instead of a queue library because the same worker must run
on SQLite (``make run``, no extra service) and on PostgreSQL with several workers on
several machines; docs/architecture.md lists the libraries weighed.

* **Enqueue once.** A job with an ``idempotency_key`` (a schedule slot, one matching
  run) is inserted with ``ON CONFLICT DO NOTHING``: two workers scheduling the same
  slot write one row, and the database decides, not timing.
* **Claim under a lease.** :func:`claim` takes the oldest due job with one conditional
  ``UPDATE`` (``queued`` and due, or ``running`` with its lease run out) and commits at
  once; on PostgreSQL the candidate is read ``FOR UPDATE SKIP LOCKED`` so workers do not
  queue behind each other. Of two workers racing for one job exactly one updates it.
* **A worker that dies** (killed, machine gone) leaves its lease to run out; the next
  claim takes the job again and counts the attempt.
* **Retry with backoff, then park.** :func:`fail` puts the job back with an
  exponential delay, or parks it after ``max_attempts``; admins see parked jobs and may
  queue them again (:func:`retry_parked`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, require
from matcher.db import Database
from matcher.db.models import Job
from matcher.db.once import insert_once
from matcher.privacy import audit
from matcher.shared import clock

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
_MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True)
class ClaimedJob:
    """A job this worker holds the lease of."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> int | None:
    """Add a job to the session; its id, or ``None`` when ``key`` was queued before."""
    values = {
        "kind": kind, "payload": payload, "idempotency_key": key, "state": "queued",
        "attempts": 0, "max_attempts": max_attempts, "progress": {},
        "run_after": run_after or clock.now(), "created_at": clock.now(),
    }
    if key is None:
        job = Job(**values)
        session.add(job)
        session.flush()
        return job.id
    return insert_once(session, Job, **values)


def claim(
    database: Database, worker_id: str, *, leases: dict[str, timedelta] | None = None,
    kinds: frozenset[str] | None = None,
) -> ClaimedJob | None:
    """Take the oldest due job for ``worker_id`` and commit the claim; ``None`` if none.

    ``leases`` gives a kind a longer lease than :data:`DEFAULT_LEASE` (a national
    matching run takes longer than a mail pass); ``kinds`` limits what is taken.
    """
    leases = leases or {}

    def take(session: Session) -> ClaimedJob | None:
        now = clock.now()
        due = _claimable(now)
        candidates = select(Job.id, Job.kind).where(due).order_by(Job.run_after, Job.id).limit(1)
        if kinds is not None:
            candidates = candidates.where(Job.kind.in_(kinds))
        if session.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        found = session.execute(candidates).first()
        if found is None:
            return None
        job_id, kind = found
        taken = session.execute(
            update(Job).where(Job.id == job_id, due).values(
                state="running", attempts=Job.attempts + 1, leased_by=worker_id,
                lease_until=now + leases.get(kind, DEFAULT_LEASE),
            ).execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return None  # another worker was quicker; the next call tries the next job
        job = session.get(Job, job_id, populate_existing=True)
        if job.attempts > job.max_attempts:
            # Its workers kept dying (the lease ran out every time): stop trying.
            _park(job, now, job.last_error or "the worker stopped during every attempt")
            return None
        return ClaimedJob(job.id, job.kind, dict(job.payload), job.attempts)

    return database.run_in_transaction(take)


def complete(database: Database, job: ClaimedJob, worker_id: str) -> bool:
    """Mark the job done; ``False`` when this worker had lost its lease meanwhile."""
    def done(session: Session) -> bool:
        result = session.execute(
            update(Job).where(Job.id == job.id, Job.state == "running",
                              Job.leased_by == worker_id)
            .values(state="done", finished_at=clock.now(), lease_until=None, last_error=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    return database.run_in_transaction(done)


def fail(database: Database, job: ClaimedJob, worker_id: str, error: str) -> str:
    """Record a failed attempt: back to ``queued`` after a delay, or ``parked``.

    Returns the job's new state (or ``"lost"`` when another worker holds it now).
    """
    def record(session: Session) -> str:
        row = session.get(Job, job.id, populate_existing=True)
        if row is None or row.state != "running" or row.leased_by != worker_id:
            return "lost"
        now = clock.now()
        if row.attempts >= row.max_attempts:
            _park(row, now, error)
        else:
            row.state, row.lease_until, row.leased_by = "queued", None, None
            row.run_after = now + retry_delay(row.attempts)
            row.last_error = error[:_MAX_ERROR_LENGTH]
        return row.state

    return database.run_in_transaction(record)


def report_progress(database: Database, job: ClaimedJob, worker_id: str,
                    progress: dict[str, Any], *, lease: timedelta = DEFAULT_LEASE) -> None:
    """Store the job's progress and extend its lease (a long job stays this worker's)."""
    database.run_in_transaction(lambda session: session.execute(
        update(Job).where(Job.id == job.id, Job.leased_by == worker_id)
        .values(progress=progress, lease_until=clock.now() + lease)
        .execution_options(synchronize_session=False)
    ))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 30 s, 1 min, 2 min, … at most 1 h."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), LONGEST_RETRY)


def parked_jobs(session: Session) -> list[Job]:
    """Jobs that kept failing, newest first, for the admins' page."""
    return list(session.scalars(
        select(Job).where(Job.state == "parked").order_by(Job.finished_at.desc(), Job.id.desc())
    ))


def _claimable(now: datetime):
    return or_(
        and_(Job.state == "queued", Job.run_after <= now),
        and_(Job.state == "running", Job.lease_until < now),
    )


def _park(job: Job, now: datetime, error: str) -> None:
    job.state, job.finished_at, job.lease_until = "parked", now, None
    job.last_error = error[:_MAX_ERROR_LENGTH]


def retry_parked(session: Session, actor: Actor, job_id: int) -> None:
    """Queue a parked job again with fresh attempts (admins, after fixing the cause)."""
    require(actor, Permission.MANAGE_JOBS)
    job = session.get(Job, job_id)
    if job is None or job.state != "parked":
        raise OutOfScope("parked job")
    job.state, job.attempts, job.run_after, job.finished_at = "queued", 0, clock.now(), None
    audit.record(session, "job.retried", "job", job.id, actor_user_id=actor.user_id,
                 kind=job.kind)
