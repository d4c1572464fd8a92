"""Secrets at rest: every stored TOTP secret sealed with the data key.

Revision ID: 0015
Revises: 0014

The sealed form is longer than the plain secret, so the column widens to 255. On
SQLite a VARCHAR's length is not enforced and rebuilding the users table would touch
every table that points at it, so only the declared type in the schema text changes
(as in 0013).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from matcher.shared import sealing

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _width("VARCHAR(64)", "VARCHAR(255)", sa.String(length=255))
    _convert(sealing.keyring().seal, lambda value: not value.startswith(sealing.PREFIX))


def downgrade() -> None:
    _convert(sealing.keyring().open, lambda value: value.startswith(sealing.PREFIX))
    _width("VARCHAR(255)", "VARCHAR(64)", sa.String(length=64))


def _convert(change, needed) -> None:
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("totp_secret", sa.String()))
    bind = op.get_bind()
    stored = bind.execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    ).all()
    for user_id, value in stored:
        if needed(value):
            bind.execute(users.update().where(users.c.id == user_id)
                         .values(totp_secret=change(value)))


def _width(before: str, after: str, type_: sa.String) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.alter_column("users", "totp_secret", type_=type_, existing_nullable=True)
        return
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'"
    ).scalar_one()
    changed = table_sql.replace(f"totp_secret {before}", f"totp_secret {after}")
    if changed == table_sql:
        raise RuntimeError("users.totp_secret: the declared type to change was not found")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'users'", (changed,)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
