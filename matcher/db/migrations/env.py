"""Alembic environment: runs migrations on the engine handed over in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from matcher.db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise RuntimeError("run Koppel migrations through Database.upgrade or `koppel db upgrade`")


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead, dropping
    # the old one while other tables still point at its rows. SQLite's own recipe:
    # foreign keys off outside the transaction, checked before the commit, on again.
    # The pragma is ignored inside a transaction, so it goes to the driver directly.
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(connection, on=False)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            # Also after a failed migration: the pooled connection must check them again.
            _sqlite_foreign_keys(connection, on=True)
