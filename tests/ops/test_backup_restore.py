"""The backup and restore of docs/operations.md, end to end on PostgreSQL.

A database with the demo data and a matching run is dumped with ``pg_dump -Fc``,
restored into a fresh database with ``pg_restore``, and the app on the restored
database lets the demo coordinator sign in (password and TOTP) and open the run.
``pg_dump`` and ``pg_restore`` are PostgreSQL's client tools: missing ones fail the
test with the package to install, never skip it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from fixtures.demo_db import DEMO_LOGINS, DEMO_REGION, load
from matcher.db import Database
from matcher.db.models import Region, User
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from tests.conftest import TEST_DATABASE_URL
from tests.matches.world import actor_of
from tests.web.web_helpers import Person, pass_second_factor, settings, sign_in
from webapp import create_app

pytestmark = pytest.mark.postgres_only
COORDINATOR = next(login for login in DEMO_LOGINS if login.role == "coordinator")


def client_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``; a clear failure when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install PostgreSQL's client tools "
                    "(apt-get install postgresql-client, the server's major version)")
    return path


def libpq_url(database: str) -> str:
    """The test server's URL for ``database`` as pg_dump and pg_restore read it."""
    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


@contextmanager
def scratch_databases(*names: str) -> Iterator[None]:
    """Create ``names`` on the test server for the block, and drop them afterwards."""
    server = create_engine(make_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield
    finally:
        with server.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def demo_with_a_run(url: str) -> int:
    """Migrate, load the demo (as ``koppel dev`` does) and run matching for its region."""
    db = Database(url)
    try:
        db.upgrade()
        assert load(db), "the new database already had users"
        with db.unit_of_work() as session:
            region_id = session.scalar(select(Region.id).where(Region.slug == DEMO_REGION))
            coordinator_id = session.scalar(select(User.id).where(User.email == COORDINATOR.email))
        actor = actor_of(db, coordinator_id)
        run = db.run_in_transaction(lambda session: run_matching(
            session, actor, region_id=region_id, policy=ScreeningPolicy()
        ))
        return run.id
    finally:
        db.dispose()


def test_a_dump_restored_into_a_fresh_database_serves_the_coordinators_run(tmp_path):
    pg_dump, pg_restore = client_tool("pg_dump"), client_tool("pg_restore")
    source, target = (f"koppel_{part}_{uuid.uuid4().hex[:10]}" for part in ("backup", "restore"))
    dump = tmp_path / "koppel.dump"
    with scratch_databases(source, target):
        run_id = demo_with_a_run(make_url(TEST_DATABASE_URL).set(database=source)
                                 .render_as_string(hide_password=False))
        subprocess.run([pg_dump, "--format=custom", f"--file={dump}", libpq_url(source)],
                       check=True, capture_output=True, timeout=300)
        subprocess.run([pg_restore, "--no-owner", "--exit-on-error",
                        f"--dbname={libpq_url(target)}", str(dump)],
                       check=True, capture_output=True, timeout=300)

        restored = Database(make_url(TEST_DATABASE_URL).set(database=target)
                            .render_as_string(hide_password=False))
        try:
            app = create_app(settings(DATABASE=restored, DEV_MAILBOX_DIR=str(tmp_path / "mail")))
            client = app.test_client()
            coordinator = Person(0, COORDINATOR.email, COORDINATOR.password,
                                 COORDINATOR.totp_secret)
            assert sign_in(client, coordinator).status_code == 302
            assert pass_second_factor(client, coordinator).status_code == 302
            page = client.get(f"/coordinator/koppelrondes/{run_id}")
            assert page.status_code == 200
            assert re.search(r"<h1[^>]*>", page.get_data(as_text=True))
        finally:
            restored.dispose()
