"""The work after the match: agreed contact rhythm, holiday pauses and contact moments.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# Frozen copies of the vocabulary codes at this revision.
RHYTHMS = "'fortnightly', 'twice_weekly', 'weekly'"
WAYS = "'chat', 'in_person', 'phone', 'video'"
MOODS = "'good', 'mixed', 'worried'"


def _match_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["match_id"], ["matches.id"], name=op.f(f"fk_{table}_match_id_matches"),
        ondelete="CASCADE",
    )


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def upgrade() -> None:
    op.create_table(
        "contact_agreements",
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("rhythm", sa.String(length=14), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(f"rhythm IN ({RHYTHMS})", name=op.f("ck_contact_agreements_rhythm")),
        _match_fk("contact_agreements"),
        _user_fk("contact_agreements", "set_by_id"),
        sa.PrimaryKeyConstraint("match_id", name=op.f("pk_contact_agreements")),
    )
    op.create_table(
        "holiday_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_holiday_pauses_period")),
        _match_fk("holiday_pauses"),
        _user_fk("holiday_pauses", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_pauses")),
    )
    op.create_index(op.f("ix_holiday_pauses_match_id"), "holiday_pauses", ["match_id"])
    op.create_table(
        "contact_moments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("way", sa.String(length=10), nullable=False),
        sa.Column("topics", JSON, nullable=False),
        sa.Column("mood", sa.String(length=8), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=280), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("corrected_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(f"way IN ({WAYS})", name=op.f("ck_contact_moments_way")),
        sa.CheckConstraint(f"mood IN ({MOODS})", name=op.f("ck_contact_moments_mood")),
        sa.CheckConstraint(
            "minutes >= 1 AND minutes <= 600", name=op.f("ck_contact_moments_minutes")
        ),
        _match_fk("contact_moments"),
        _user_fk("contact_moments", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_moments")),
    )
    op.create_index(op.f("ix_contact_moments_match_id"), "contact_moments", ["match_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_moments_match_id"), table_name="contact_moments")
    op.drop_table("contact_moments")
    op.drop_index(op.f("ix_holiday_pauses_match_id"), table_name="holiday_pauses")
    op.drop_table("holiday_pauses")
    op.drop_table("contact_agreements")
