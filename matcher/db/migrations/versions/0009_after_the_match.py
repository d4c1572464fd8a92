"""The work after the match, part two: mentors, region thresholds, digests, check-ins, ending.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# Frozen copies of the codes at this revision.
KINDS = "'exit', 'week_12', 'week_4'"
SIDES = "'mentor', 'volunteer'"
END_SIDES = "'coordinator', 'mentor', 'volunteer'"
OUTCOMES = "'confirmed', 'declined'"
END_REASONS = (
    "'goal_reached', 'no_click', 'pupil_left_school', 'pupil_stopped', 'safeguarding', "
    "'volunteer_stopped'"
)
UNSETTLED = sa.text("settled_at IS NULL")


def _fk(table: str, column: str, target: str, **options: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), **options
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("mentor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_pupils_mentor_id_users"), "users", ["mentor_id"], ["id"])
        batch.create_index(op.f("ix_pupils_mentor_id"), ["mentor_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("weekly_digest", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "region_contact_settings",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("reminder_percent", sa.Integer(), nullable=False),
        sa.Column("attention_day", sa.Integer(), nullable=False),
        sa.Column("school_notice_day", sa.Integer(), nullable=False),
        sa.Column("unreached_in_a_row", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", TIMESTAMP, nullable=False),
        _check(
            "region_contact_settings", "reminder_percent", "reminder_percent BETWEEN 100 AND 400"
        ),
        _check("region_contact_settings", "attention_day", "attention_day BETWEEN 2 AND 60"),
        _check(
            "region_contact_settings",
            "school_notice_day",
            "school_notice_day BETWEEN attention_day AND 90",
        ),
        _check(
            "region_contact_settings", "unreached_in_a_row", "unreached_in_a_row BETWEEN 1 AND 10"
        ),
        _fk("region_contact_settings", "region_id", "regions", ondelete="CASCADE"),
        _fk("region_contact_settings", "set_by_id", "users"),
        sa.PrimaryKeyConstraint("region_id", name=op.f("pk_region_contact_settings")),
    )
    op.create_table(
        "weekly_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week_of", sa.Date(), nullable=False),
        sa.Column("sent_at", TIMESTAMP, nullable=False),
        _fk("weekly_digests", "user_id", "users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_digests")),
        sa.UniqueConstraint("user_id", "week_of", name=op.f("uq_weekly_digests_user_id_week_of")),
    )
    op.create_table(
        "pair_questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", TIMESTAMP, nullable=False),
        sa.Column("answered_at", TIMESTAMP, nullable=True),
        sa.Column("scores", JSON, nullable=True),
        sa.Column("comment", sa.String(length=280), nullable=True),
        _check("pair_questionnaires", "kind", f"kind IN ({KINDS})"),
        _check("pair_questionnaires", "side", f"side IN ({SIDES})"),
        _check("pair_questionnaires", "answered", "(answered_at IS NULL) = (scores IS NULL)"),
        _fk("pair_questionnaires", "match_id", "matches", ondelete="CASCADE"),
        _fk("pair_questionnaires", "respondent_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_questionnaires")),
        sa.UniqueConstraint(
            "match_id", "kind", "side", name=op.f("uq_pair_questionnaires_match_id_kind_side")
        ),
    )
    op.create_index(op.f("ix_pair_questionnaires_match_id"), "pair_questionnaires", ["match_id"])
    op.create_table(
        "end_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("suggested_reason", sa.String(length=30), nullable=True),
        sa.Column("explanation", sa.String(length=280), nullable=True),
        sa.Column("requested_at", TIMESTAMP, nullable=False),
        sa.Column("settled_by_id", sa.Integer(), nullable=True),
        sa.Column("settled_at", TIMESTAMP, nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        _check("end_requests", "side", f"side IN ({END_SIDES})"),
        _check("end_requests", "outcome", f"outcome IN ({OUTCOMES})"),
        _check("end_requests", "suggested_reason", f"suggested_reason IN ({END_REASONS})"),
        _check("end_requests", "settled", "(settled_at IS NULL) = (outcome IS NULL)"),
        _fk("end_requests", "match_id", "matches", ondelete="CASCADE"),
        _fk("end_requests", "requested_by_id", "users"),
        _fk("end_requests", "settled_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_end_requests")),
    )
    op.create_index(
        "uq_end_requests_one_open_per_match",
        "end_requests",
        ["match_id"],
        unique=True,
        sqlite_where=UNSETTLED,
        postgresql_where=UNSETTLED,
    )


def downgrade() -> None:
    op.drop_index("uq_end_requests_one_open_per_match", table_name="end_requests")
    op.drop_table("end_requests")
    op.drop_index(op.f("ix_pair_questionnaires_match_id"), table_name="pair_questionnaires")
    op.drop_table("pair_questionnaires")
    op.drop_table("weekly_digests")
    op.drop_table("region_contact_settings")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("weekly_digest")
    with op.batch_alter_table("pupils") as batch:
        batch.drop_index(op.f("ix_pupils_mentor_id"))
        batch.drop_constraint(op.f("fk_pupils_mentor_id_users"), type_="foreignkey")
        batch.drop_column("mentor_id")
