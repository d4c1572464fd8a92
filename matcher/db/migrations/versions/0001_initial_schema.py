"""Initial schema: regions, schools, users, volunteers, pupils, matches, runs, mail, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 01:45:22.317844
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# The audit log is append-only in the database too (frozen copy of matcher.db.models.audit).
SQLITE_AUDIT_TRIGGERS = [
    f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRESQL_AUDIT_TRIGGERS = [
    "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$",
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=True),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "state IN ('failed', 'pending', 'sent')", name=op.f("ck_mail_outbox_state")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_mail_outbox_attempts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_outbox_message_id")),
    )
    op.create_index(op.f("ix_mail_outbox_state"), "mail_outbox", ["state"], unique=False)

    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("slug <> ''", name=op.f("ck_regions_slug_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_regions_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=True),
        sa.Column("email_confirmed_at", TIMESTAMP, nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("session_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("last_login_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("anonymised_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "role IN ('admin', 'coordinator', 'school', 'volunteer')", name=op.f("ck_users_role")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lowercase")),
        sa.CheckConstraint("session_version >= 1", name=op.f("ck_users_session_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_audit_entries_actor_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index(
        op.f("ix_audit_entries_actor_user_id"), "audit_entries", ["actor_user_id"], unique=False
    )

    dialect = op.get_bind().dialect.name
    triggers = {"sqlite": SQLITE_AUDIT_TRIGGERS, "postgresql": POSTGRESQL_AUDIT_TRIGGERS}
    for statement in triggers.get(dialect, []):
        op.execute(statement)

    op.create_table(
        "matching_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("parameters", JSON, nullable=False),
        sa.Column("statistics", JSON, nullable=False),
        sa.Column("instance", JSON, nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint("state IN ('closed', 'open')", name=op.f("ck_matching_runs_state")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_matching_runs_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_matching_runs_started_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_runs")),
    )
    op.create_index(
        op.f("ix_matching_runs_region_id"), "matching_runs", ["region_id"], unique=False
    )

    op.create_table(
        "region_postcode_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "first >= 1000 AND last <= 9999 AND first <= last",
            name=op.f("ck_region_postcode_ranges_pc4_range"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_region_postcode_ranges_region_id_regions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_postcode_ranges")),
    )
    op.create_index(
        op.f("ix_region_postcode_ranges_region_id"),
        "region_postcode_ranges",
        ["region_id"],
        unique=False,
    )

    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("brin", sa.String(length=4), nullable=False),
        sa.Column("vestiging", sa.String(length=2), nullable=False),
        sa.Column("levels", JSON, nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("length(brin) = 4", name=op.f("ck_schools_brin_length")),
        sa.CheckConstraint("length(vestiging) = 2", name=op.f("ck_schools_vestiging_length")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_schools_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("brin", "vestiging", name=op.f("uq_schools_brin_vestiging")),
    )
    op.create_index(op.f("ix_schools_region_id"), "schools", ["region_id"], unique=False)

    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("purpose <> ''", name=op.f("ck_tokens_purpose_not_empty")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tokens_token_hash")),
    )
    op.create_index(op.f("ix_tokens_user_id"), "tokens", ["user_id"], unique=False)

    op.create_table(
        "user_regions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_user_regions_region_id_regions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_regions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "region_id", name=op.f("pk_user_regions")),
    )
    op.create_table(
        "volunteer_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("subjects", JSON, nullable=False),
        sa.Column("levels", JSON, nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("availability", JSON, nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("postcode", sa.String(length=7), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("max_distance_km", sa.Double(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("motivation", sa.Text(), nullable=True),
        sa.Column("screening_state", sa.String(length=20), nullable=False),
        sa.Column("screening_changed_at", TIMESTAMP, nullable=True),
        sa.Column("intake_on", sa.Date(), nullable=True),
        sa.Column("intake_notes", sa.Text(), nullable=True),
        sa.Column("vog_issued_on", sa.Date(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("anonymised_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "mode IN ('both', 'in_person', 'online')", name=op.f("ck_volunteer_profiles_mode")
        ),
        sa.CheckConstraint(
            "screening_state IN ('approved', 'awaiting_intake', 'new', 'paused', 'rejected', 'vog_requested', 'withdrawn')",
            name=op.f("ck_volunteer_profiles_screening_state"),
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)",
            name=op.f("ck_volunteer_profiles_location_pair"),
        ),
        sa.CheckConstraint("capacity >= 1", name=op.f("ck_volunteer_profiles_capacity")),
        sa.CheckConstraint(
            "latitude BETWEEN -90 AND 90", name=op.f("ck_volunteer_profiles_latitude")
        ),
        sa.CheckConstraint(
            "longitude BETWEEN -180 AND 180", name=op.f("ck_volunteer_profiles_longitude")
        ),
        sa.CheckConstraint(
            "max_distance_km > 0", name=op.f("ck_volunteer_profiles_max_distance_km")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_volunteer_profiles_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_volunteer_profiles_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_volunteer_profiles_user_id")),
    )
    op.create_index(
        op.f("ix_volunteer_profiles_region_id"), "volunteer_profiles", ["region_id"], unique=False
    )
    op.create_index(
        op.f("ix_volunteer_profiles_screening_state"),
        "volunteer_profiles",
        ["screening_state"],
        unique=False,
    )

    op.create_table(
        "pupils",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("subjects", JSON, nullable=False),
        sa.Column("needs", JSON, nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("priority_reason", sa.Text(), nullable=True),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("needs_language", sa.String(length=2), nullable=True),
        sa.Column("availability", JSON, nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("pc4", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("consent_version", sa.String(length=40), nullable=True),
        sa.Column("consent_recorded_at", TIMESTAMP, nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("waiting_since", TIMESTAMP, nullable=True),
        sa.Column("days_waited_before", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("anonymised_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "level IN ('havo', 'isk', 'pro', 'vmbo-b', 'vmbo-gt', 'vmbo-k', 'vwo')",
            name=op.f("ck_pupils_level"),
        ),
        sa.CheckConstraint("mode IN ('both', 'in_person', 'online')", name=op.f("ck_pupils_mode")),
        sa.CheckConstraint(
            "needs_language IN ('ar', 'bg', 'de', 'en', 'es', 'fa', 'fr', 'ku', 'nl', 'pl', 'ps', 'pt', 'ro', 'ru', 'so', 'ti', 'tr', 'uk', 'zh')",
            name=op.f("ck_pupils_needs_language"),
        ),
        sa.CheckConstraint(
            "priority IN ('high', 'normal', 'urgent')", name=op.f("ck_pupils_priority")
        ),
        sa.CheckConstraint(
            "state IN ('ended', 'matched', 'proposed', 'waiting', 'withdrawn')",
            name=op.f("ck_pupils_state"),
        ),
        sa.CheckConstraint(
            "(consent_version IS NULL) = (consent_recorded_at IS NULL)",
            name=op.f("ck_pupils_consent_pair"),
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name=op.f("ck_pupils_location_pair")
        ),
        sa.CheckConstraint("days_waited_before >= 0", name=op.f("ck_pupils_days_waited_before")),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name=op.f("ck_pupils_latitude")),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name=op.f("ck_pupils_longitude")),
        sa.CheckConstraint("pc4 BETWEEN 1000 AND 9999", name=op.f("ck_pupils_pc4")),
        sa.CheckConstraint("school_year BETWEEN 1 AND 6", name=op.f("ck_pupils_school_year")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_pupils_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_pupils_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupils")),
        sa.UniqueConstraint("school_id", "reference", name=op.f("uq_pupils_school_id_reference")),
    )
    op.create_index(op.f("ix_pupils_school_id"), "pupils", ["school_id"], unique=False)
    op.create_index(op.f("ix_pupils_state"), "pupils", ["state"], unique=False)

    op.create_table(
        "user_schools",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_user_schools_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_schools_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "school_id", name=op.f("pk_user_schools")),
    )
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=True),
        sa.Column("cost", sa.Integer(), nullable=True),
        sa.Column("explanation", JSON, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("end_reason_code", sa.String(length=30), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "end_reason_code IN ('goal_reached', 'no_click', 'pupil_left_school', 'pupil_stopped', 'safeguarding', 'volunteer_stopped')",
            name=op.f("ck_matches_end_reason_code"),
        ),
        sa.CheckConstraint("mode IN ('in_person', 'online')", name=op.f("ck_matches_mode")),
        sa.CheckConstraint(
            "state IN ('active', 'approved', 'declined', 'ended', 'expired', 'proposed', 'rejected', 'superseded')",
            name=op.f("ck_matches_state"),
        ),
        sa.CheckConstraint("cost >= 0 AND cost < 1000000", name=op.f("ck_matches_cost")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_matches_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_matches_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["matching_runs.id"], name=op.f("fk_matches_run_id_matching_runs")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer_profiles.id"],
            name=op.f("fk_matches_volunteer_id_volunteer_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
    )
    op.create_index(op.f("ix_matches_pupil_id"), "matches", ["pupil_id"], unique=False)
    op.create_index(op.f("ix_matches_run_id"), "matches", ["run_id"], unique=False)
    op.create_index(op.f("ix_matches_volunteer_id"), "matches", ["volunteer_id"], unique=False)
    op.create_index(
        "uq_matches_one_live_per_pupil",
        "matches",
        ["pupil_id"],
        unique=True,
        sqlite_where=sa.text("state IN ('approved', 'active')"),
        postgresql_where=sa.text("state IN ('approved', 'active')"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_matches_one_live_per_pupil",
        table_name="matches",
        sqlite_where=sa.text("state IN ('approved', 'active')"),
        postgresql_where=sa.text("state IN ('approved', 'active')"),
    )
    op.drop_index(op.f("ix_matches_volunteer_id"), table_name="matches")
    op.drop_index(op.f("ix_matches_run_id"), table_name="matches")
    op.drop_index(op.f("ix_matches_pupil_id"), table_name="matches")

    op.drop_table("matches")
    op.drop_table("user_schools")
    op.drop_index(op.f("ix_pupils_state"), table_name="pupils")
    op.drop_index(op.f("ix_pupils_school_id"), table_name="pupils")

    op.drop_table("pupils")
    op.drop_index(op.f("ix_volunteer_profiles_screening_state"), table_name="volunteer_profiles")
    op.drop_index(op.f("ix_volunteer_profiles_region_id"), table_name="volunteer_profiles")

    op.drop_table("volunteer_profiles")
    op.drop_table("user_regions")
    op.drop_index(op.f("ix_tokens_user_id"), table_name="tokens")

    op.drop_table("tokens")
    op.drop_index(op.f("ix_schools_region_id"), table_name="schools")

    op.drop_table("schools")
    op.drop_index(op.f("ix_region_postcode_ranges_region_id"), table_name="region_postcode_ranges")

    op.drop_table("region_postcode_ranges")
    op.drop_index(op.f("ix_matching_runs_region_id"), table_name="matching_runs")

    op.drop_table("matching_runs")
    op.drop_index(op.f("ix_audit_entries_actor_user_id"), table_name="audit_entries")

    op.drop_table("audit_entries")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_entries_append_only()")
    op.drop_table("users")
    op.drop_table("regions")
    op.drop_index(op.f("ix_mail_outbox_state"), table_name="mail_outbox")

    op.drop_table("mail_outbox")
