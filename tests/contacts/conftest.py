"""Fixtures for the contact log: a frozen clock and two regions with an active pair each."""

from __future__ import annotations

import pytest

from matcher.shared import clock
from tests.contacts.world import NOW, add_pair


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def pairs(database):
    """(Utrecht's pair, Rotterdam's pair)."""
    with database.unit_of_work() as session:
        made = add_pair(session, "utrecht"), add_pair(session, "rotterdam")
        session.commit()
        return made
