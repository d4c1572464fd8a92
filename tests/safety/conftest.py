"""Apps, accounts and a frozen clock for the safety tests.

The web helpers (settings, submitting a form with its real CSRF token) come from
``tests/web``; these fixtures add what the safety tests need on top: more than one
app on the same storage, and a confirmed volunteer account to attack.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
from flask import Flask

from matcher.accounts.passwords import hash_password
from matcher.db.models import User
from matcher.shared import clock
from tests.web.web_helpers import PASSWORD, Person, settings
from webapp import create_app

NOW = datetime(2025, 3, 3, 10, 0, 7, tzinfo=UTC)


@pytest.fixture
def make_app(database, tmp_path):
    """Build an app on the test database; every app of one test shares one secret key."""
    secret = "safety-" + secrets.token_hex(24)

    def make(**overrides: object) -> Flask:
        return create_app(
            settings(
                DATABASE=database,
                DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                SECRET_KEY=secret,
                **{"RATE_LIMIT_STORAGE_URL": "database", **overrides},
            )
        )

    return make


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def volunteer(database) -> Person:
    """A confirmed volunteer account that can sign in."""
    with database.unit_of_work() as session:
        user = User(
            email="safety.volunteer@example.org",
            password_hash=hash_password(PASSWORD),
            role="volunteer",
            display_name="Safety Volunteer",
            email_confirmed_at=datetime(2025, 1, 6, tzinfo=UTC),
        )
        session.add(user)
        session.commit()
        return Person(user.id, user.email, PASSWORD, None)


@pytest.fixture
def frozen():
    """Koppel's clock stopped at :data:`NOW` for the test."""
    with clock.frozen_at(NOW):
        yield NOW
