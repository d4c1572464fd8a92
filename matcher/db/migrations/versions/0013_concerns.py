"""Safeguarding: the school's designated contact (a new role) and concerns about a pupil.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
# Frozen copies of the codes at this revision.
ROLES_BEFORE = "'admin', 'coordinator', 'mentor', 'school', 'volunteer'"
ROLES_AFTER = "'admin', 'coordinator', 'designated_contact', 'mentor', 'school', 'volunteer'"
STATES = "'closed', 'handed_over', 'raised', 'received'"
REASONS = "'escalated', 'raised'"


def _fk(table: str, column: str, target: str, **options: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), **options
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _roles(before: str, after: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_users_role"), "users", type_="check")
        op.create_check_constraint(op.f("ck_users_role"), "users", f"role IN ({after})")
        return
    # A batch rebuild would drop the users table, and with foreign keys on (they are
    # on for every Koppel connection, and cannot be turned off inside the migration's
    # transaction) dropping it deletes every account's regions and schools by cascade.
    # Only the check's text changes and every stored row satisfies both versions, so
    # this is the edit SQLite's ALTER TABLE documentation gives for such a change.
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'"
    ).scalar_one()
    changed = table_sql.replace(f"role IN ({before})", f"role IN ({after})")
    if changed == table_sql:
        raise RuntimeError("users.role: the check to change was not found")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'users'", (changed,)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _roles(ROLES_BEFORE, ROLES_AFTER)
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("observation", sa.String(length=2000), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("pupil_words", sa.String(length=1000), nullable=True),
        sa.Column("in_danger", sa.Boolean(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("raised_at", TIMESTAMP, nullable=False),
        sa.Column("escalated_at", TIMESTAMP, nullable=True),
        sa.Column("content_emptied_at", TIMESTAMP, nullable=True),
        _check("concerns", "state", f"state IN ({STATES})"),
        _fk("concerns", "match_id", "matches", ondelete="CASCADE"),
        _fk("concerns", "raised_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concerns")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_concerns_idempotency_key")),
    )
    op.create_index(op.f("ix_concerns_match_id"), "concerns", ["match_id"])
    op.create_table(
        "concern_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", TIMESTAMP, nullable=False),
        _check("concern_steps", "state", f"state IN ({STATES})"),
        _fk("concern_steps", "concern_id", "concerns", ondelete="CASCADE"),
        _fk("concern_steps", "by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_steps")),
        sa.UniqueConstraint("concern_id", "state", name=op.f("uq_concern_steps_concern_id_state")),
    )
    op.create_table(
        "concern_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("told_at", TIMESTAMP, nullable=False),
        _check("concern_notices", "reason", f"reason IN ({REASONS})"),
        _fk("concern_notices", "concern_id", "concerns", ondelete="CASCADE"),
        _fk("concern_notices", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_notices")),
        sa.UniqueConstraint(
            "concern_id",
            "user_id",
            "reason",
            name=op.f("uq_concern_notices_concern_id_user_id_reason"),
        ),
    )


def downgrade() -> None:
    op.drop_table("concern_notices")
    op.drop_table("concern_steps")
    op.drop_index(op.f("ix_concerns_match_id"), table_name="concerns")
    op.drop_table("concerns")
    op.execute(
        "DELETE FROM user_schools WHERE user_id IN "
        "(SELECT id FROM users WHERE role = 'designated_contact')"
    )
    op.execute("UPDATE users SET role = 'school' WHERE role = 'designated_contact'")
    _roles(ROLES_AFTER, ROLES_BEFORE)
