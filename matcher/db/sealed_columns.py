"""``koppel rotate-keys``: every sealed value sealed again under the current data key.

Rotate a data key in three steps: put the old key in ``KOPPEL_OLD_DATA_KEYS`` and a new
one in ``KOPPEL_DATA_KEY``, run ``koppel rotate-keys``, then drop the old key. Each
table is re-sealed in one transaction, so a value is never half rotated.
"""

from __future__ import annotations

import click
from sqlalchemy import Column, literal, select, update

from matcher.db.cli import database_url_option
from matcher.db.engine import Database, database_url_from_env
from matcher.db.models import Base
from matcher.db.types import Sealed
from matcher.shared import sealing


def sealed_columns() -> list[Column]:
    """Every column of the schema whose values are sealed."""
    return [
        column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Sealed)
    ]


def rotate(database: Database, keyring: sealing.Keyring) -> int:
    """Re-seal every sealed value under ``keyring``'s current key; returns how many."""
    rotated = 0
    for column in sealed_columns():
        table = column.table
        [key] = table.primary_key.columns
        # Read and write the stored form itself: the column's type would open it with
        # the process's keyring, and this is the one place that chooses the keyring.
        raw = column.type.impl

        def reseal(session, table=table, key=key, column=column, raw=raw) -> int:
            stored = session.execute(
                select(key, column.cast(raw)).where(column.is_not(None)).with_for_update()
            ).all()
            for row_key, value in stored:
                session.execute(
                    update(table).where(key == row_key)
                    .values({column.name: literal(keyring.reseal(value), raw)})
                )
            return len(stored)

        rotated += database.run_in_transaction(reseal)
    return rotated


@click.command("rotate-keys")
@database_url_option
def rotate_keys_command(database_url: str | None) -> None:
    """Seal every stored secret again under KOPPEL_DATA_KEY (old keys in KOPPEL_OLD_DATA_KEYS)."""
    database = Database(database_url or database_url_from_env())
    try:
        count = rotate(database, sealing.from_environment())
    finally:
        database.dispose()
    click.echo(f"{count} sealed values now under the current data key")
