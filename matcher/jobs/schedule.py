"""Scheduled passes as jobs: one job per pass per period, whoever schedules it.

Every worker offers each scheduled pass to the queue once per period (a *slot*: the
period's start, counted from the Unix epoch in UTC). The slot is the job's idempotency
key, so with two workers, or one restarted, each slot is one row and runs once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from matcher.jobs.queue import enqueue

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A scheduled pass that fails is tried again soon, and parked after a few attempts;
# its next period comes anyway.
SCHEDULED_ATTEMPTS = 3


def slot_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period of length ``every`` that ``now`` falls in."""
    return EPOCH + ((now - EPOCH) // every) * every


def slot_key(name: str, start: datetime) -> str:
    """The idempotency key of pass ``name`` in the slot starting at ``start``."""
    return f"{name}@{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def offer(session: Session, name: str, every: timedelta, now: datetime) -> int | None:
    """Queue pass ``name`` for the slot ``now`` is in; ``None`` if it was already queued."""
    start = slot_start(now, every)
    return enqueue(session, name, {"slot": start.isoformat()}, key=slot_key(name, start),
                   run_after=start, max_attempts=SCHEDULED_ATTEMPTS)
