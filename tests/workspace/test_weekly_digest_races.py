"""Two workers running the digest job at the same moment send each digest once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from matcher.db.models import OutboxMail, WeeklyDigest
from matcher.reports.weekly_digest import send_weekly_digests
from tests.db.at_once import twice_at_once
from tests.workspace.digest_world import BASE_URL, POLICY, build, digests

pytestmark = pytest.mark.postgres_only

MONDAY_SEVEN = datetime(2026, 3, 30, 5, 0, tzinfo=UTC)


def test_two_workers_at_once_send_each_coordinator_one_digest(database):
    people = build(database, date(2026, 3, 30))
    sent = twice_at_once(database, lambda session: send_weekly_digests(
        session, MONDAY_SEVEN, base_url=BASE_URL, policy=POLICY))
    with database.unit_of_work() as session:
        rows = session.scalar(select(func.count()).select_from(WeeklyDigest))
        mails = session.scalar(select(func.count()).select_from(OutboxMail))
    assert sum(sent) == 2 and rows == 2 and mails == 2
    assert sorted(digests(database)) == [people.rotterdam_coordinator,
                                          people.utrecht_coordinator]
