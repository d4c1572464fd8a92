"""The web app on the test database, for the operations tests."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from tests.web.web_helpers import settings
from webapp import create_app


@pytest.fixture
def make_app(database, tmp_path):
    """Build an app on ``database`` (or another database given as ``DATABASE``)."""

    def make(**overrides: object) -> Flask:
        return create_app(
            settings(
                **{"DATABASE": database, "DEV_MAILBOX_DIR": str(tmp_path / "mailbox"), **overrides}
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
def root_logging():
    """The root logger's handlers and level as they were, after a production command."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
