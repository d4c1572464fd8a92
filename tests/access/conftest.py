"""The app with exceptions propagating, the two-region world, and a client per role."""

from __future__ import annotations

import pytest
from flask import Flask

from matcher.shared import clock
from tests.access.roles import Role, signed_in_client
from tests.access.scenario import BASE_URL, NOW, POLICY, World, build_world
from tests.web.web_helpers import settings
from webapp import create_app


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def app(database, tmp_path, frozen) -> Flask:
    # TESTING alone would propagate too; saying it makes the intent explicit: an
    # unhandled exception fails the test instead of hiding behind the error page.
    return create_app(
        settings(
            DATABASE=database,
            DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
            PUBLIC_URL=BASE_URL,
            SCREENING_POLICY=POLICY,
            PROPAGATE_EXCEPTIONS=True,
        )
    )


@pytest.fixture
def world(database, frozen) -> World:
    return build_world(database)


@pytest.fixture
def client_as(app, world):
    """``client_as(role)``: a test client signed in as ``role`` (second factor as the role says)."""

    def make(role: Role):
        return signed_in_client(app, world, role)

    return make
