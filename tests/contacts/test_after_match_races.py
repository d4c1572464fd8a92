"""At the same moment: two workers send each check-in once; two people asking to end one
match leave one open request, and the other hears why."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.contacts.check_ins import send_due_check_ins
from matcher.contacts.end_requests import request_end
from matcher.contacts.questionnaire_refusals import EndRequestRefused
from matcher.db.models import EndRequest, Match, OutboxMail, PairQuestionnaire, Pupil
from tests.contacts.test_check_ins import school_contact_of
from tests.contacts.world import NOW, actor_of

pytestmark = pytest.mark.postgres_only


def at_once(work, count: int = 2) -> tuple[list[object], list[BaseException]]:
    """Run ``work(barrier)`` in ``count`` threads; their results and their exceptions."""
    both_ready = threading.Barrier(count, timeout=10)
    results: list[object] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work(both_ready))
        except BaseException as exc:  # noqa: BLE001 - the caller asserts on them
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, failures


def test_two_people_asking_at_once_leave_one_open_request(database, pairs):
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        pupil.created_by_id = school_contact_of(session, pupil).id
        session.commit()
        people = iter([utrecht.volunteer_user, pupil.created_by_id])
        actors = [actor_of(session, next(people)) for _ in range(2)]

    def ask(both_ready) -> int:
        actor = actors.pop()
        with database.unit_of_work() as session:
            both_ready.wait()
            request_id = request_end(session, actor, utrecht.match, reason_code="no_click",
                                     base_url="https://k.example")
            session.commit()
            return request_id

    asked, refused = at_once(ask)
    assert len(asked) == 1
    assert [type(r) for r in refused] == [EndRequestRefused]
    assert refused[0].code == "request_open"
    with database.unit_of_work() as session:
        assert session.scalars(select(EndRequest.id)).all() == asked


def test_two_workers_at_once_send_each_check_in_once(database, pairs):
    for pair in pairs:
        with database.unit_of_work() as session:
            session.get(Match, pair.match).started_at = NOW - timedelta(days=30)
            pupil = session.get(Pupil, pair.pupil)
            pupil.created_by_id = school_contact_of(session, pupil).id
            session.commit()

    def send(both_ready) -> int:
        with database.unit_of_work() as session:
            both_ready.wait()
            sent = send_due_check_ins(session, NOW, base_url="https://k.example")
            session.commit()
            return sent

    sent, failures = at_once(send)
    assert failures == []
    with database.unit_of_work() as session:
        rows = session.scalar(select(func.count()).select_from(PairQuestionnaire))
        mails = session.scalar(select(func.count()).select_from(OutboxMail))
    assert sum(sent) == 4 and rows == 4 and mails == 4
