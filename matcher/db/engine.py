"""One database: its engine, units of work, and the schema upgrade."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from matcher.shared.errors import BadInput

DEFAULT_DATABASE_URL = "sqlite:///instance/koppel.sqlite3"
# PostgreSQL's deadlock_detected and serialization_failure: the server rolled the
# transaction back so that another could go on; the same work may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})

T = TypeVar("T")


def database_url_from_env() -> str:
    """``KOPPEL_DATABASE_URL``, or the local SQLite file under ``instance/``."""
    return os.environ.get("KOPPEL_DATABASE_URL") or DEFAULT_DATABASE_URL


class Database:
    """A database reachable at ``url`` (any SQLAlchemy URL; SQLite or PostgreSQL).

    A bad URL raises :class:`matcher.shared.errors.BadInput` naming ``database URL``.
    """

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
            options = _engine_options(parsed.get_backend_name())
            self.engine: Engine = create_engine(parsed, **options)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise BadInput(f"database URL: not a usable database URL ({url!r})") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_on_connect)
        # Objects stay readable after commit, so a view can render what it just saved.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The URL with any password hidden, safe for logs and messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session for one use case; rolled back on exit unless it was committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def run_in_transaction(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in a new unit of work, commit, and return what it returned.

        When PostgreSQL aborts the transaction for a deadlock or a serialization
        failure (:data:`RETRYABLE_SQLSTATES`), everything ``work`` did is rolled back
        and it runs once more, in a new transaction that sees what the other side
        committed. The lock order (:mod:`matcher.db.queries`) keeps Koppel's use
        cases out of such circles; this is the net under it. ``work`` may therefore
        run twice: it must only change the session (as use cases do), never send or
        write anything itself. A second failure, and any other error, is raised.
        """
        try:
            return self._commit(work)
        except DBAPIError as error:
            if not is_retryable(error):
                raise
        return self._commit(work)

    def _commit(self, work: Callable[[Session], T]) -> T:
        with self.unit_of_work() as session:
            result = work(session)
            session.commit()
            return result

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` with Koppel's Alembic migrations."""
        from matcher.db.migrate import upgrade

        _ensure_sqlite_directory(self.engine)
        upgrade(self.engine, revision)

    def create_all(self) -> None:
        """Create every table straight from the models, bypassing migrations.

        Only for throwaway databases; a real database is built by :meth:`upgrade`.
        """
        from matcher.db.models import Base

        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def is_retryable(error: DBAPIError) -> bool:
    """Whether the database aborted the transaction only to let another one go on."""
    return getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def _engine_options(backend: str) -> dict[str, Any]:
    # orjson reads JSON columns several times faster than the stdlib; a run's
    # proposals page decodes thousands of explanations per request.
    common = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    if backend == "sqlite":
        # Several threads (the dev server, tests) share one file; wait for locks.
        return {**common, "connect_args": {"timeout": 15, "check_same_thread": False}}
    return {**common, "pool_pre_ping": True}


def _json_text(value: Any) -> str:
    # Text, not bytes: SQLite would store bytes as a BLOB. Integer keys become
    # strings, as the stdlib serialiser makes them.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _ensure_sqlite_directory(engine: Engine) -> None:
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
