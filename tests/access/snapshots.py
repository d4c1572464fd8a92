"""Every row of every table, to prove that a refused request changed nothing."""

from __future__ import annotations

from sqlalchemy import select

from matcher.db import Database
from matcher.db.models import Base

# Attempt counters are meant to grow with every try, refused or not (see rate_limiting).
COUNTERS = "rate_limit_counters"


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Each table's rows as sorted tuples of their reprs, attempt counters left out."""
    with database.engine.connect() as connection:
        return {
            table.name: sorted(
                tuple(repr(value) for value in row) for row in connection.execute(select(table))
            )
            for table in Base.metadata.sorted_tables
            if table.name != COUNTERS
        }
