"""Every row of every table, to prove that a refused request changed nothing."""

from __future__ import annotations

from sqlalchemy import select

from matcher.db import Database
from matcher.db.models import Base


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Each table's rows as sorted tuples of their reprs (JSON columns compare by value)."""
    with database.engine.connect() as connection:
        return {
            table.name: sorted(
                tuple(repr(value) for value in row)
                for row in connection.execute(select(table))
            )
            for table in Base.metadata.sorted_tables
        }
