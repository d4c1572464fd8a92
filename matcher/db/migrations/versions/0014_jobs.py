"""Matching runs as jobs: the job queue, workers' heartbeats, run phases and packed files.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import zlib

import orjson
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# Frozen copies of the codes at this revision.
RUN_STATES_BEFORE = "'closed', 'open'"
RUN_STATES_AFTER = "'building', 'closed', 'failed', 'open', 'queued', 'solving', 'storing'"
ACTIVE = "state IN ('queued', 'building', 'solving', 'storing')"
JOB_STATES = "'done', 'parked', 'queued', 'running'"
PACK_LEVEL = 1
FILES = ("instance", "result")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", TIMESTAMP, nullable=False),
        sa.Column("lease_until", TIMESTAMP, nullable=True),
        sa.Column("leased_by", sa.String(length=100), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("progress", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(f"state IN ({JOB_STATES})", name=op.f("ck_jobs_state")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_jobs_attempts")),
        sa.CheckConstraint("max_attempts >= 1", name=op.f("ck_jobs_max_attempts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_jobs_idempotency_key")),
    )
    op.create_index("ix_jobs_due", "jobs", ["state", "run_after"])
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker_id", sa.String(length=100), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("seen_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("worker_id", name=op.f("pk_worker_heartbeats")),
    )
    with op.batch_alter_table("matching_runs") as batch:
        batch.add_column(sa.Column("progress", JSON, nullable=True))
        batch.add_column(sa.Column("failure", sa.Text(), nullable=True))
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("finished_at", TIMESTAMP, nullable=True))
        for name in FILES:
            batch.add_column(sa.Column(f"{name}_packed", sa.LargeBinary(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_matching_runs_job_id_jobs"), "jobs", ["job_id"], ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_matching_runs_job_id"), ["job_id"])
        batch.drop_constraint(op.f("ck_matching_runs_state"), type_="check")
        batch.create_check_constraint(
            op.f("ck_matching_runs_state"), f"state IN ({RUN_STATES_AFTER})"
        )
    _pack_files()
    with op.batch_alter_table("matching_runs") as batch:
        batch.alter_column("progress", existing_type=JSON, nullable=False)
        for name in FILES:
            batch.drop_column(name)
        for name in FILES:
            batch.alter_column(f"{name}_packed", new_column_name=name,
                               existing_type=sa.LargeBinary())
    op.create_index(
        "uq_matching_runs_one_active_per_region",
        "matching_runs",
        [sa.text("coalesce(region_id, 0)")],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )


def _pack_files() -> None:
    """Every stored run's instance and result as zlib-compressed JSON bytes."""
    runs = sa.table(
        "matching_runs",
        sa.column("id", sa.Integer()),
        sa.column("progress", JSON),
        *(sa.column(name, JSON) for name in FILES),
        *(sa.column(f"{name}_packed", sa.LargeBinary()) for name in FILES),
    )
    bind = op.get_bind()
    bind.execute(runs.update().values(progress={}))
    stored = bind.execute(sa.select(runs.c.id, *(runs.c[name] for name in FILES))).all()
    for run_id, *files in stored:
        bind.execute(
            runs.update().where(runs.c.id == run_id).values({
                f"{name}_packed": None if value is None
                else zlib.compress(orjson.dumps(value), PACK_LEVEL)
                for name, value in zip(FILES, files, strict=True)
            })
        )


def _unpack_files() -> None:
    runs = sa.table(
        "matching_runs",
        sa.column("id", sa.Integer()),
        *(sa.column(name, sa.LargeBinary()) for name in FILES),
        *(sa.column(f"{name}_json", JSON) for name in FILES),
    )
    bind = op.get_bind()
    stored = bind.execute(sa.select(runs.c.id, *(runs.c[name] for name in FILES))).all()
    for run_id, *files in stored:
        bind.execute(
            runs.update().where(runs.c.id == run_id).values({
                f"{name}_json": None if value is None else orjson.loads(zlib.decompress(value))
                for name, value in zip(FILES, files, strict=True)
            })
        )


def downgrade() -> None:
    op.drop_index("uq_matching_runs_one_active_per_region", table_name="matching_runs")
    op.execute(
        "UPDATE matching_runs SET state = 'closed' WHERE state NOT IN ('open', 'closed')"
    )
    with op.batch_alter_table("matching_runs") as batch:
        for name in FILES:
            batch.add_column(sa.Column(f"{name}_json", JSON, nullable=True))
    _unpack_files()
    with op.batch_alter_table("matching_runs") as batch:
        for name in FILES:
            batch.drop_column(name)
            batch.alter_column(f"{name}_json", new_column_name=name, existing_type=JSON)
        batch.drop_constraint(op.f("ck_matching_runs_state"), type_="check")
        batch.create_check_constraint(
            op.f("ck_matching_runs_state"), f"state IN ({RUN_STATES_BEFORE})"
        )
        batch.drop_index(op.f("ix_matching_runs_job_id"))
        batch.drop_constraint(op.f("fk_matching_runs_job_id_jobs"), type_="foreignkey")
        for name in ("finished_at", "job_id", "failure", "progress"):
            batch.drop_column(name)
    op.drop_table("worker_heartbeats")
    op.drop_index("ix_jobs_due", table_name="jobs")
    op.drop_table("jobs")
