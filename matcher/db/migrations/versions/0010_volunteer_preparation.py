"""Volunteer preparation: the code of conduct accepted (version, moment) and the training.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("volunteer_profiles") as batch:
        batch.add_column(sa.Column("conduct_version", sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column("conduct_accepted_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("training_completed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("volunteer_profiles") as batch:
        batch.drop_column("training_completed_on")
        batch.drop_column("conduct_accepted_at")
        batch.drop_column("conduct_version")
