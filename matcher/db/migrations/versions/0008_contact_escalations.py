"""The escalation of a pupil out of sight: which step of which episode was taken.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen copy of the escalation steps at this revision.
STEPS = "'attention', 'reminder', 'school_notice'"


def upgrade() -> None:
    op.create_table(
        "contact_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("episode_start", sa.Date(), nullable=False),
        sa.Column("step", sa.String(length=14), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"step IN ({STEPS})", name=op.f("ck_contact_escalations_step")),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_contact_escalations_match_id_matches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_escalations")),
        sa.UniqueConstraint(
            "match_id", "episode_start", "step",
            name=op.f("uq_contact_escalations_match_id_episode_start_step"),
        ),
    )


def downgrade() -> None:
    op.drop_table("contact_escalations")
