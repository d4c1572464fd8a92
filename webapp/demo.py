"""Demo data for ``koppel dev``: load it into an empty database and list its logins."""

from __future__ import annotations

from fixtures.demo_db import DEMO_LOGINS, DemoLogin, load
from matcher.db import Database


def ensure_demo_data(db: Database) -> tuple[DemoLogin, ...]:
    """Load the demo scenario unless the database already has users; the demo logins."""
    load(db)
    return DEMO_LOGINS
