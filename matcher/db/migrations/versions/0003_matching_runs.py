"""Matching runs: the opaque-id map, and at most one open run per region.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
OPEN = sa.text("state = 'open'")


def upgrade() -> None:
    with op.batch_alter_table("matching_runs") as batch:
        batch.add_column(sa.Column("id_map", JSON, nullable=True))
    op.create_index(
        "uq_matching_runs_one_open_per_region",
        "matching_runs",
        ["region_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index(
        "uq_matching_runs_one_open_per_region",
        table_name="matching_runs",
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    with op.batch_alter_table("matching_runs") as batch:
        batch.drop_column("id_map")
