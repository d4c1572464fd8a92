"""Two workers running the escalation at the same moment send each mail once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.contacts.escalation import escalate_silent_matches
from matcher.db.models import ContactEscalation, Match, OutboxMail
from tests.contacts.world import NOW

pytestmark = pytest.mark.postgres_only


def test_two_workers_at_once_take_each_step_and_send_each_mail_once(database, pairs):
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).started_at = NOW - timedelta(days=25)
        session.commit()
    both_ready = threading.Barrier(2, timeout=10)
    taken: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            with database.unit_of_work() as session:
                both_ready.wait()
                taken.append(escalate_silent_matches(session, NOW, base_url="https://k.example"))
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
        steps = session.scalar(select(func.count()).select_from(ContactEscalation)
                               .where(ContactEscalation.match_id == utrecht.match))
        sent = session.scalar(select(func.count()).select_from(OutboxMail))
    # Utrecht's three steps, Rotterdam's (20 days silent) reminder and attention; the mails:
    # Utrecht's reminder and school notice, Rotterdam's reminder.
    assert sum(taken) == 5 and steps == 3 and sent == 3
