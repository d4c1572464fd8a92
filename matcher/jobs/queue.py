"""Putting work on the job queue (``jobs``) for ``koppel worker``.

Only :func:`enqueue` lives here on this branch, with the signature the job queue
offers; the worker's claiming, leasing and retrying are the job queue's own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from matcher.db.models import Job
from matcher.db.once import insert_once
from matcher.shared import clock


def enqueue(session: Session, kind: str, payload: dict[str, Any], *,
            key: str | None = None) -> int | None:
    """Add a queued job of ``kind`` with ``payload``; its id, or ``None`` if ``key`` was used.

    Never commits: the job lands with the change that asked for it.
    """
    values = dict(kind=kind, payload=payload, idempotency_key=key, state="queued",
                  attempts=0, max_attempts=5, run_after=clock.now(), progress={},
                  created_at=clock.now())
    if key is None:
        job = Job(**values)
        session.add(job)
        session.flush()
        return job.id
    if not insert_once(session, Job, **values):
        return None
    return session.scalar(Job.__table__.select().with_only_columns(Job.id)
                          .where(Job.idempotency_key == key))
