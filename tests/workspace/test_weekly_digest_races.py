"""Two workers running the digest job at the same moment send each digest once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from matcher.db.models import OutboxMail, WeeklyDigest
from matcher.reports.weekly_digest import send_weekly_digests
from tests.workspace.digest_world import BASE_URL, POLICY, build, digests

pytestmark = pytest.mark.postgres_only

MONDAY_SEVEN = datetime(2026, 3, 30, 5, 0, tzinfo=UTC)


def test_two_workers_at_once_send_each_coordinator_one_digest(database):
    people = build(database, date(2026, 3, 30))
    both_ready = threading.Barrier(2, timeout=10)
    sent: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            with database.unit_of_work() as session:
                both_ready.wait()
                sent.append(send_weekly_digests(session, MONDAY_SEVEN, base_url=BASE_URL,
                                                policy=POLICY))
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    with database.unit_of_work() as session:
        rows = session.scalar(select(func.count()).select_from(WeeklyDigest))
        mails = session.scalar(select(func.count()).select_from(OutboxMail))
    assert sum(sent) == 2 and rows == 2 and mails == 2
    assert sorted(digests(database)) == [people.rotterdam_coordinator,
                                          people.utrecht_coordinator]
