"""Fixtures for concerns: a frozen clock and two regions with a pair, a designated contact
and two coordinators each."""

from __future__ import annotations

import pytest

from matcher.shared import clock
from tests.safeguarding.world import BASE_URL, NOW, add_side
from tests.web.web_helpers import settings
from webapp import create_app


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def sides(database):
    """(Utrecht's side, Rotterdam's side)."""
    with database.unit_of_work() as session:
        made = add_side(session, "utrecht"), add_side(session, "rotterdam")
        session.commit()
        return made


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL=BASE_URL))
