"""Secrets at rest: TOTP secrets are stored sealed under the data key, a copy of the
database alone opens none of them, and ``koppel rotate-keys`` moves them to a new key."""

from __future__ import annotations

import os

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import text

from matcher.db import Database
from matcher.db.migrate import alembic_config
from matcher.db.models import User
from matcher.db.sealed_columns import rotate, sealed_columns
from matcher.shared import sealing
from tests.db.test_db_command import koppel

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def process_keys(monkeypatch):
    """Set the process's data keys for a test: ``process_keys(current, *old)``."""
    def use(current: str, *old: str) -> sealing.Keyring:
        monkeypatch.setenv("KOPPEL_DATA_KEY", current)
        monkeypatch.setenv("KOPPEL_OLD_DATA_KEYS", ",".join(old))
        sealing.keyring.cache_clear()
        return sealing.keyring()

    yield use
    monkeypatch.undo()
    sealing.keyring.cache_clear()


def _stored(database, user_id: int) -> str:
    with database.engine.connect() as connection:
        return connection.execute(
            text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user_id}
        ).scalar_one()


def _user_with_secret(database) -> int:
    with database.unit_of_work() as session:
        user = User(email="coordinator@example.org", role="coordinator", totp_secret=SECRET)
        session.add(user)
        session.commit()
        return user.id


def test_a_totp_secret_is_stored_sealed_and_read_back_plain(database):
    user_id = _user_with_secret(database)
    stored = _stored(database, user_id)
    assert stored.startswith("fernet:") and SECRET not in stored
    with database.unit_of_work() as session:
        assert session.get(User, user_id).totp_secret == SECRET


def test_a_database_copy_with_another_key_opens_nothing(database, process_keys):
    user_id = _user_with_secret(database)
    process_keys(Fernet.generate_key().decode())
    with database.unit_of_work() as session, pytest.raises(sealing.SealBroken):
        session.get(User, user_id).totp_secret  # noqa: B018 - reading is the test


def test_a_tampered_value_is_refused(database):
    user_id = _user_with_secret(database)
    stored = _stored(database, user_id)
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE users SET totp_secret = :v WHERE id = :id"),
                           {"v": tampered, "id": user_id})
    with database.unit_of_work() as session, pytest.raises(sealing.SealBroken):
        session.get(User, user_id).totp_secret  # noqa: B018


def test_rotating_keys_reseals_every_value_under_the_new_key(database, process_keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    process_keys(old)
    user_id = _user_with_secret(database)
    keyring = process_keys(new, old)
    assert rotate(database, keyring) == 1
    process_keys(new)  # the old key is gone now
    with database.unit_of_work() as session:
        assert session.get(User, user_id).totp_secret == SECRET
    with pytest.raises(sealing.SealBroken):
        sealing.Keyring(old).open(_stored(database, user_id))


def test_the_sealed_columns_are_known_by_their_type():
    assert [f"{c.table.name}.{c.name}" for c in sealed_columns()] == ["users.totp_secret"]


def test_the_migration_seals_plain_secrets_and_unseals_them_on_the_way_back(database):
    config = alembic_config(database.engine)
    command.downgrade(config, "0014")
    with database.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, role, totp_secret, session_version, created_at)"
            " VALUES ('a@example.org', 'admin', :secret, 1, CURRENT_TIMESTAMP)"
        ), {"secret": SECRET})
        user_id = connection.execute(text("SELECT id FROM users")).scalar_one()
    command.upgrade(config, "head")
    assert _stored(database, user_id).startswith("fernet:")
    with database.unit_of_work() as session:
        assert session.get(User, user_id).totp_secret == SECRET
    command.downgrade(config, "0014")
    assert _stored(database, user_id) == SECRET
    command.upgrade(config, "head")


def test_koppel_rotate_keys_reseals_and_a_bad_key_ends_in_one_line(tmp_path):
    url = f"sqlite:///{tmp_path}/k.sqlite3"
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    env = {**os.environ, "KOPPEL_DATA_KEY": old, "KOPPEL_OLD_DATA_KEYS": ""}
    assert koppel("db", "upgrade", "--database-url", url, cwd=tmp_path, env=env).returncode == 0
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, role, totp_secret, session_version, active, created_at)"
            " VALUES ('a@example.org', 'admin', :sealed, 1, 1, CURRENT_TIMESTAMP)"
        ), {"sealed": sealing.Keyring(old).seal(SECRET)})
    done = koppel("rotate-keys", "--database-url", url, cwd=tmp_path,
                  env={**env, "KOPPEL_DATA_KEY": new, "KOPPEL_OLD_DATA_KEYS": old})
    assert (done.returncode, done.stdout.strip()) == (
        0, "1 sealed values now under the current data key"), done.stderr
    with database.engine.connect() as connection:
        stored = connection.execute(text("SELECT totp_secret FROM users")).scalar_one()
    database.dispose()
    assert sealing.Keyring(new).open(stored) == SECRET
    refused = koppel("rotate-keys", "--database-url", url, cwd=tmp_path,
                     env={**env, "KOPPEL_DATA_KEY": "short"})
    assert refused.returncode == 2
    assert refused.stderr.startswith("koppel: KOPPEL_DATA_KEY: not a valid key")
    assert len(refused.stderr.strip().splitlines()) == 1
