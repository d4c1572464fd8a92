"""The readiness checks behind ``/readyz``: each answers ``"ok"`` or what is wrong.

The answers are fixed words: nothing from an exception, a URL or a revision reaches
the probe, so the endpoint can be public.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from matcher.db import Database, migrate
from matcher.jobs import heartbeats
from matcher.shared import clock

# The worker writes its heartbeat about every 15 s; four missed beats mean it is gone.
WORKER_SILENCE = timedelta(minutes=1)

OK = "ok"
UNREACHABLE = "unreachable"
NOT_CHECKED = "not checked"
BEHIND = "not at the latest migration"
NO_WORKER = "no worker seen in the last minute"


@cache
def head_revision() -> str | None:
    """The newest migration Koppel ships (read once: the files do not change at run time)."""
    return ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


def readiness(db: Database) -> dict[str, str]:
    """``{"database": …, "migrations": …, "worker": …}``; ready when every value is ``ok``."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"database": UNREACHABLE, "migrations": NOT_CHECKED, "worker": NOT_CHECKED}
    return {"database": OK, "migrations": _migrations(db), "worker": _worker(db)}


def _migrations(db: Database) -> str:
    try:
        current = migrate.current_revision(db.engine)
    except SQLAlchemyError:
        return UNREACHABLE
    return OK if current is not None and current == head_revision() else BEHIND


def _worker(db: Database) -> str:
    try:
        with db.unit_of_work() as session:
            last_seen = heartbeats.last_seen(session)
    except SQLAlchemyError:
        # Before the migration that adds the table: no worker can have reported.
        return NO_WORKER
    if last_seen is None or last_seen < clock.now() - WORKER_SILENCE:
        return NO_WORKER
    return OK
