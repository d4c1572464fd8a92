"""Fixtures for matching tests: a frozen clock, decision settings, the web app, two regions."""

from __future__ import annotations

import pytest

from matcher import clock
from matcher.decisions import DecisionSettings
from matcher.screening_policy import ScreeningPolicy
from tests.matching_runs.world import (
    BASE_URL,
    NOW,
    add_pupil,
    add_region,
    add_school,
    add_volunteer,
)
from tests.web.web_helpers import settings as settings_for_tests
from webapp import create_app


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def settings() -> DecisionSettings:
    return DecisionSettings(base_url=BASE_URL, answer_days=7)


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings_for_tests(
        DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
        PUBLIC_URL=BASE_URL, SCREENING_POLICY=ScreeningPolicy()))


@pytest.fixture
def places(database):
    """Utrecht with two volunteers and three pupils; Rotterdam with one of each."""
    with database.unit_of_work() as session:
        ids = {}
        for slug, people in (("utrecht", 2), ("rotterdam", 1)):
            region = add_region(session, slug)
            school = add_school(session, region)
            for _ in range(people):
                add_volunteer(session, region)
            for _ in range(people + 1):
                add_pupil(session, school)
            ids[slug] = region.id
        session.commit()
        return ids
