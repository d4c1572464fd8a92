"""Fixtures for matching tests: a frozen clock, decision settings, the web app, two regions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import OutboxMail, User
from matcher.matches.decisions import DecisionSettings, create_manual_match
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from tests.matches import world
from tests.web.web_helpers import settings as settings_for_tests
from webapp import create_app


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.frozen_at(world.NOW):
        yield


@pytest.fixture
def settings() -> DecisionSettings:
    return DecisionSettings(base_url=world.BASE_URL, answer_days=7)


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings_for_tests(
        DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
        PUBLIC_URL=world.BASE_URL, SCREENING_POLICY=ScreeningPolicy()))


@pytest.fixture
def places(database):
    """Utrecht with two volunteers and three pupils; Rotterdam with one of each."""
    with database.unit_of_work() as session:
        ids = {}
        for slug, people in (("utrecht", 2), ("rotterdam", 1)):
            region = world.add_region(session, slug)
            school = world.add_school(session, region)
            for _ in range(people):
                world.add_volunteer(session, region)
            for _ in range(people + 1):
                world.add_pupil(session, school)
            ids[slug] = region.id
        session.commit()
        return ids


@pytest.fixture
def approved(database, settings):
    """An approved, unanswered match of a volunteer with one place, and a second waiting
    pupil at the same school: (ids by name, the volunteer's answer token)."""
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, utrecht)
        volunteer = world.add_volunteer(session, utrecht, capacity=1)
        school = world.add_school(session, utrecht)
        pupil, other = world.add_pupil(session, school), world.add_pupil(session, school)
        match = create_manual_match(session, world.actor_of(session, coordinator.id),
                                    volunteer_id=volunteer.id, pupil_id=pupil.id,
                                    settings=settings)
        session.commit()
        to_volunteer = OutboxMail.to_address == volunteer.user.email
        mail = session.scalars(select(OutboxMail).where(to_volunteer)).one()
        contact = session.scalars(select(User).where(User.role == "school")).one()
        ids = {"region": utrecht.id, "coordinator": coordinator.id, "volunteer": volunteer.id,
               "user": volunteer.user_id, "school": school.id, "contact": contact.id,
               "pupil": pupil.id, "other": other.id, "match": match.id}
        return ids, world.ANSWER_LINK.search(mail.body_text).group(1)
