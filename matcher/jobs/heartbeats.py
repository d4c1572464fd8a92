"""Which workers are running: each writes its heartbeat, ``/readyz`` reads the latest."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from matcher.db.models import WorkerHeartbeat
from matcher.shared import clock

FORGET_AFTER = timedelta(days=1)
_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def beat(session: Session, worker_id: str, *, hostname: str, pid: int,
         started_at: datetime) -> None:
    """Record that ``worker_id`` is alive now (one row per worker, updated in place)."""
    now = clock.now()
    statement = _INSERTS[session.get_bind().dialect.name](WorkerHeartbeat).values(
        worker_id=worker_id, hostname=hostname, pid=pid, started_at=started_at, seen_at=now
    )
    session.execute(statement.on_conflict_do_update(
        index_elements=[WorkerHeartbeat.worker_id], set_={"seen_at": now}
    ))
    # Workers that were killed never said goodbye; a day later they are forgotten.
    session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at < now - FORGET_AFTER))


def stopped(session: Session, worker_id: str) -> None:
    """Forget a worker that stops cleanly."""
    session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.worker_id == worker_id))


def last_seen(session: Session) -> datetime | None:
    """When any worker last said it was alive; ``None`` if none ever did."""
    return session.scalar(select(func.max(WorkerHeartbeat.seen_at)))
