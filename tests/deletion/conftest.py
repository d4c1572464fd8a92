"""A frozen clock, the web app, and two regions with people carrying recognisable data."""

from __future__ import annotations

import pytest

from matcher.shared import clock
from tests.deletion.world import BASE_URL, NOW, build_world
from tests.web.web_helpers import settings
from webapp import create_app


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def app(database, tmp_path):
    return create_app(
        settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"), PUBLIC_URL=BASE_URL)
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(database):
    return build_world(database)
