"""Fixtures for matching tests: a frozen clock and decision settings."""

from __future__ import annotations

import pytest

from matcher import clock
from matcher.decisions import DecisionSettings
from tests.matching_runs.world import BASE_URL, NOW


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def settings() -> DecisionSettings:
    return DecisionSettings(base_url=BASE_URL, answer_days=7)
