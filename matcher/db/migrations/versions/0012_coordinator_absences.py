"""No region without a coordinator: a coordinator's absence and the deputy covering it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinator_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("handover_note", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_coordinator_absences_period")),
        sa.CheckConstraint(
            "deputy_id <> user_id", name=op.f("ck_coordinator_absences_deputy_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_coordinator_absences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"], ["users.id"], name=op.f("fk_coordinator_absences_deputy_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinator_absences")),
    )
    op.create_index(
        op.f("ix_coordinator_absences_user_id"), "coordinator_absences", ["user_id"]
    )
    op.create_index(
        op.f("ix_coordinator_absences_deputy_id"), "coordinator_absences", ["deputy_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_coordinator_absences_deputy_id"), table_name="coordinator_absences")
    op.drop_index(op.f("ix_coordinator_absences_user_id"), table_name="coordinator_absences")
    op.drop_table("coordinator_absences")
