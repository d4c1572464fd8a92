"""Writing a row once, also when two workers try at the same moment.

A job that must act once (an escalation step per episode, a digest per week) inserts
its row first with ``ON CONFLICT DO NOTHING`` against the table's unique constraint,
and only the caller whose row went in goes on to mail. PostgreSQL and SQLite both
know the clause; the loser neither waits for an error nor aborts its transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from matcher.db.models import Base

_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def insert_once(session: Session, model: type[Base], **values: Any) -> Any | None:
    """Insert a ``model`` row with ``values``; its primary key, or ``None`` when a unique
    constraint already had it."""
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERTS:
        raise NotImplementedError(dialect)
    [key] = model.__table__.primary_key.columns
    statement = (
        _INSERTS[dialect](model).values(**values).on_conflict_do_nothing().returning(key)
    )
    return session.execute(statement).scalar_one_or_none()
