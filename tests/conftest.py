"""Suite-wide settings: hypothesis profiles, the ``database`` and ``browser`` fixtures.

The ``ci`` profile (chosen when ``CI=true``) keeps property tests few but
meaningful so the whole suite stays well inside CI's time; ``dev`` explores more.

``database`` gives each test an empty, migrated database: a copy of a SQLite file
migrated once per session, or, when ``KOPPEL_TEST_DATABASE_URL`` names PostgreSQL,
a schema of its own (migrated once, truncated before each test) so that two test
sessions on one server never meet. Tests using it are marked ``db``; tests marked
``postgres_only`` are skipped unless PostgreSQL is in use.

``browser`` is Debian's Chromium through Playwright, one per session for every folder
with browser tests (Playwright's sync API cannot run twice at once in one process).
"""

import os
import shutil
import uuid
from pathlib import Path

# Cheap Argon2 parameters for the many accounts tests create; must be set before
# matcher.accounts.passwords is imported (see that module). Production refuses this setting.
os.environ.setdefault("KOPPEL_PASSWORD_HASHING", "test")

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from matcher.db import Database
from matcher.db.models import Base

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

TEST_DATABASE_URL = os.environ.get("KOPPEL_TEST_DATABASE_URL")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark database tests ``db``; skip ``postgres_only`` tests on SQLite runs."""
    needs_postgres = pytest.mark.skip(reason="needs PostgreSQL: set KOPPEL_TEST_DATABASE_URL")
    for item in items:
        if "database" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
        if item.get_closest_marker("postgres_only") and not TEST_DATABASE_URL:
            item.add_marker(needs_postgres)


@pytest.fixture(scope="session")
def _migrated_database(tmp_path_factory: pytest.TempPathFactory):
    """A migrated template: a SQLite file to copy, or a PostgreSQL schema to truncate."""
    if not TEST_DATABASE_URL:
        template = tmp_path_factory.mktemp("db") / "template.sqlite3"
        database = Database(f"sqlite:///{template}")
        database.upgrade()
        database.dispose()
        yield template
        return
    url = make_url(TEST_DATABASE_URL)
    if url.get_backend_name() != "postgresql":
        pytest.fail(f"KOPPEL_TEST_DATABASE_URL must name PostgreSQL, not {url.get_backend_name()}")
    schema = f"koppel_test_{uuid.uuid4().hex[:12]}"
    admin = Database(TEST_DATABASE_URL)
    try:
        with admin.engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as exc:
        # Naming a PostgreSQL URL asks for PostgreSQL: never a silent skip.
        pytest.fail(f"PostgreSQL at {admin.url} is not reachable: {str(exc).splitlines()[0]}")
    database = Database(
        url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    )
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()
        with admin.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def empty_database(template, copy: Path) -> Database:
    """An empty database at the latest migration, from ``_migrated_database``'s template.

    PostgreSQL: the session's schema, truncated (the same object each time); SQLite: a
    fresh copy of the template file at ``copy``, which the caller disposes of.
    Property tests that need a clean database per example call it themselves.
    """
    if isinstance(template, Database):
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with template.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return template
    shutil.copyfile(template, copy)
    return Database(f"sqlite:///{copy}")


@pytest.fixture
def database(_migrated_database, tmp_path):
    """An empty database at the latest migration, private to this test."""
    database = empty_database(_migrated_database, tmp_path / "koppel.sqlite3")
    yield database
    if database is not _migrated_database:
        database.dispose()


@pytest.fixture(scope="session")
def browser():
    """Chromium for the whole session; never downloaded, Debian's own binary."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
