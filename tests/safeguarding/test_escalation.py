"""A concern nobody acknowledged within 24 hours reaches the coordinators again and the
admins, once; an acknowledged one does not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.db.models import ConcernNotice, OutboxMail, User
from matcher.safeguarding.escalation import escalate_unacknowledged
from tests.db.at_once import twice_at_once
from tests.safeguarding.test_concerns import raised, step
from tests.safeguarding.world import BASE_URL, NOW


@pytest.fixture
def admin(database) -> int:
    with database.unit_of_work() as session:
        user = User(email="beheer@example.org", role="admin", display_name="Beheer")
        session.add(user)
        session.commit()
        return user.id


def escalate(database, at) -> int:
    with database.unit_of_work() as session:
        done = escalate_unacknowledged(session, at, base_url=BASE_URL)
        session.commit()
        return done


def escalated_to(database) -> set[int]:
    with database.unit_of_work() as session:
        return set(session.scalars(
            select(ConcernNotice.user_id).where(ConcernNotice.reason == "escalated")
        ))


def test_not_acknowledged_within_24_hours_reaches_coordinators_and_admins_once(
    database, sides, admin
):
    utrecht, _ = sides
    raised(database, utrecht)
    assert escalate(database, NOW + timedelta(hours=23)) == 0
    assert escalate(database, NOW + timedelta(hours=24)) == 1
    assert escalate(database, NOW + timedelta(hours=30)) == 0
    assert escalated_to(database) == {utrecht.coordinator, utrecht.second_coordinator, admin}


def test_an_acknowledged_concern_does_not_escalate(database, sides, admin):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    step(database, utrecht.designated, concern_id, "received")
    assert escalate(database, NOW + timedelta(days=2)) == 0
    assert escalated_to(database) == set()


@pytest.mark.postgres_only
def test_two_workers_at_once_escalate_a_concern_once(database, sides, admin):
    utrecht, _ = sides
    raised(database, utrecht)
    done = twice_at_once(database, lambda session: escalate_unacknowledged(
        session, NOW + timedelta(days=1), base_url=BASE_URL))
    with database.unit_of_work() as session:
        mails = session.scalar(select(func.count()).select_from(OutboxMail))
    assert sum(done) == 1 and mails == 3 + 3  # raised: 3 people; escalated: 2 coords + admin
