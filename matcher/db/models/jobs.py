"""The worker's job queue and the workers' heartbeats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models.base import Base, created_at_column
from matcher.db.types import one_of
from matcher.shared.states import JOB_STATES


class Job(Base):
    """One piece of work for ``koppel worker``: a matching run, a scheduled pass.

    A worker claims a due job by setting ``lease_until``; a worker that dies leaves the
    lease to run out and another one takes the job again. ``idempotency_key`` makes
    enqueueing the same thing twice (one schedule slot, one run) write one row.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        one_of("state", JOB_STATES, name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint("max_attempts >= 1", name="max_attempts"),
        Index("ix_jobs_due", "state", "run_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    run_after: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    leased_by: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None]


class WorkerHeartbeat(Base):
    """A running ``koppel worker`` and when it last said so (``/readyz`` reads it)."""

    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime]
