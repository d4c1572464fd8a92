"""The audit log may lose entries older than its retention period, and nothing else.

Until now the triggers refused every UPDATE and DELETE on ``audit_entries``, so the
inventory's five-year period could never be applied. They now refuse every UPDATE,
and a DELETE of an entry younger than 1826 days (the "audit" period of the data
inventory) by the database's own clock.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen copies of the guard in matcher.db.models.audit at this revision.
SQLITE_DELETE_TRIGGER = (
    "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    "WHEN julianday(OLD.at) > julianday('now', '-1826 days') "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
)
POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'DELETE' AND OLD.at <= now() - interval '1826 days' THEN RETURN OLD; END IF; "
    "RAISE EXCEPTION 'audit_entries is append-only'; END $$"
)
# What 0001 created, for the way back.
SQLITE_DELETE_TRIGGER_0001 = (
    "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
)
POSTGRESQL_FUNCTION_0001 = (
    "CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$"
)


def upgrade() -> None:
    _replace(SQLITE_DELETE_TRIGGER, POSTGRESQL_FUNCTION)


def downgrade() -> None:
    _replace(SQLITE_DELETE_TRIGGER_0001, POSTGRESQL_FUNCTION_0001)


def _replace(sqlite_trigger: str, postgresql_function: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_entries_no_delete")
        op.execute(sqlite_trigger)
    elif dialect == "postgresql":
        op.execute(postgresql_function)
