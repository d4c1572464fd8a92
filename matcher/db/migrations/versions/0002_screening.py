"""Screening: VOG request date, VOG expiry warning marker, reason for pausing or rejecting.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("volunteer_profiles") as batch:
        batch.add_column(sa.Column("vog_requested_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("vog_expiry_warned_for", sa.Date(), nullable=True))
        batch.add_column(sa.Column("screening_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("volunteer_profiles") as batch:
        batch.drop_column("screening_reason")
        batch.drop_column("vog_expiry_warned_for")
        batch.drop_column("vog_requested_on")
