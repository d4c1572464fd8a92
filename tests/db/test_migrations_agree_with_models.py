"""The Alembic migrations and the SQLAlchemy models describe one schema."""

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from matcher.db import Database
from matcher.db.migrate import alembic_config, current_revision, schema_differences
from matcher.db.models import Base


def test_a_freshly_migrated_database_has_no_differences_from_the_models(database):
    assert schema_differences(database.engine) == []


def test_a_migrated_database_is_at_the_head_revision(database):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    assert current_revision(database.engine) == head


def test_downgrading_to_nothing_and_upgrading_again_restores_every_table(database):
    command.downgrade(alembic_config(database.engine), "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())
    assert schema_differences(database.engine) == []


def test_upgrading_an_up_to_date_database_changes_nothing(database):
    database.upgrade()
    assert schema_differences(database.engine) == []


def test_upgrade_creates_the_directory_of_a_new_sqlite_file(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/instance/koppel.sqlite3")
    database.upgrade()
    assert (tmp_path / "instance" / "koppel.sqlite3").exists()
    assert schema_differences(database.engine) == []
    database.dispose()
