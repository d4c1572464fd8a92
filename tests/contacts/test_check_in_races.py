"""Two workers sending the check-ins at the same moment send each questionnaire once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.contacts.check_ins import send_due_check_ins
from matcher.db.models import Match, OutboxMail, PairQuestionnaire, Pupil
from tests.contacts.test_check_ins import school_contact_of
from tests.contacts.world import NOW

pytestmark = pytest.mark.postgres_only


def test_two_workers_at_once_send_each_check_in_once(database, pairs):
    for pair in pairs:
        with database.unit_of_work() as session:
            session.get(Match, pair.match).started_at = NOW - timedelta(days=30)
            pupil = session.get(Pupil, pair.pupil)
            pupil.created_by_id = school_contact_of(session, pupil).id
            session.commit()
    both_ready = threading.Barrier(2, timeout=10)
    sent: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            with database.unit_of_work() as session:
                both_ready.wait()
                sent.append(send_due_check_ins(session, NOW, base_url="https://k.example"))
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
        rows = session.scalar(select(func.count()).select_from(PairQuestionnaire))
        mails = session.scalar(select(func.count()).select_from(OutboxMail))
    assert sum(sent) == 4 and rows == 4 and mails == 4
