"""The app's one :class:`matcher.db.Database`, reachable from any view."""

from __future__ import annotations

from flask import Flask, current_app

from matcher.db import Database

EXTENSION_KEY = "koppel.database"


def init_app(app: Flask, db: Database | None = None) -> None:
    """Attach ``db`` (tests pass their own) or one built from ``DATABASE_URL``."""
    app.extensions[EXTENSION_KEY] = db if db is not None else Database(app.config["DATABASE_URL"])


def database() -> Database:
    """The database of the running app; open work with ``database().unit_of_work()``."""
    return current_app.extensions[EXTENSION_KEY]
