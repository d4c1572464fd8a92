"""The mentor: a school account that sees only the pupils it is the mentor of.

Widens the check on ``users.role``. SQLite cannot alter a check constraint, so the
table is rebuilt there (batch mode); PostgreSQL drops and adds the constraint.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Frozen copies of the roles at this revision and the one before.
WITH_MENTOR = "role IN ('admin', 'coordinator', 'mentor', 'school', 'volunteer')"
WITHOUT_MENTOR = "role IN ('admin', 'coordinator', 'school', 'volunteer')"


def upgrade() -> None:
    _replace_role_check(WITH_MENTOR)


def downgrade() -> None:
    # Mentors cannot exist without the role: they become school contacts of nothing,
    # so no one keeps access to a pupil by a role the schema no longer knows.
    op.execute(
        "DELETE FROM user_schools WHERE user_id IN (SELECT id FROM users WHERE role = 'mentor')"
    )
    op.execute("UPDATE users SET role = 'school', active = false WHERE role = 'mentor'")
    _replace_role_check(WITHOUT_MENTOR)


def _replace_role_check(condition: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role"), condition)
