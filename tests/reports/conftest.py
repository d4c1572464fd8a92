"""Fixtures for the programme report: a frozen clock and a small hand-built world."""

from __future__ import annotations

import pytest

from matcher.shared import clock
from tests.reports.world import NOW, build


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def world(database):
    with database.unit_of_work() as session:
        made = build(session)
        session.commit()
        return made
