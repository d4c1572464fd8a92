"""Migration 0011 widens the role check for mentors, also on a database with rows in it.

SQLite rebuilds the users table to change its check, while audit entries, pupils and
links to schools point at its rows; the rebuilt table must keep them all.
"""

from alembic import command
from sqlalchemy import func, select, text

from matcher.db.migrate import alembic_config, schema_differences
from matcher.db.models import AuditEntry, User, user_schools
from matcher.privacy import audit


def test_a_mentor_account_can_be_stored(database, scenario):
    with database.unit_of_work() as session:
        session.add(User(email="mentor@example.org", role="mentor", display_name="Mentor"))
        session.commit()
        assert session.scalar(select(User.role).where(User.email == "mentor@example.org")) == (
            "mentor"
        )


def test_upgrading_a_database_with_accounts_keeps_every_row_that_points_at_them(
    database, scenario
):
    config = alembic_config(database.engine)
    with database.unit_of_work() as session:
        school_contact = User(email="school@example.org", role="school")
        session.add(school_contact)
        session.flush()
        session.execute(user_schools.insert().values(user_id=school_contact.id,
                                                     school_id=scenario.school_id))
        audit.record(session, "user.invited", "user", school_contact.id,
                     actor_user_id=scenario.coordinator_id)
        session.commit()
    command.downgrade(config, "0010")
    command.upgrade(config, "head")
    assert schema_differences(database.engine) == []
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(user_schools)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry)) >= 1
        session.add(User(email="mentor@example.org", role="mentor"))
        session.commit()
    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []


def test_downgrading_turns_mentors_into_inactive_accounts_without_a_school(database, scenario):
    with database.unit_of_work() as session:
        mentor = User(email="mentor@example.org", role="mentor")
        session.add(mentor)
        session.flush()
        session.execute(user_schools.insert().values(user_id=mentor.id,
                                                     school_id=scenario.school_id))
        session.commit()
    command.downgrade(alembic_config(database.engine), "0010")
    with database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT role, active FROM users WHERE email = 'mentor@example.org'")
        ).one()
        links = connection.execute(text("SELECT count(*) FROM user_schools")).scalar()
    assert (row.role, bool(row.active), links) == ("school", False, 0)
    command.upgrade(alembic_config(database.engine), "head")
