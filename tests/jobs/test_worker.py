"""``koppel worker``: scheduled passes once per period with two workers, failing jobs
retried and parked, heartbeats for ``/readyz``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.db.models import Job as JobRow
from matcher.jobs import heartbeats, queue
from matcher.shared import clock
from tests.web.web_helpers import settings
from webapp import create_app
from webapp.worker import Job, Worker

NOW = datetime(2026, 12, 7, 9, 0, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


def _counting(name: str, every: timedelta, calls: list[str], fails: bool = False) -> Job:
    def run(_app):
        calls.append(name)
        if fails:
            raise RuntimeError("the SMTP server said no")
        return len(calls)

    return Job(name, every, run)


def test_two_workers_run_a_pass_once_per_period(app):
    calls: list[str] = []
    hourly = (_counting("hourly", timedelta(hours=1), calls),)
    first, second = Worker(app, jobs=hourly), Worker(app, jobs=hourly)
    assert first.tick() + second.tick() == 1
    clock.advance(timedelta(minutes=59))
    assert first.tick() + second.tick() == 0
    clock.advance(timedelta(minutes=1))
    assert second.tick() + first.tick() == 1
    assert calls == ["hourly", "hourly"]


def test_a_restarted_worker_does_not_repeat_this_periods_pass(app):
    calls: list[str] = []
    daily = (_counting("daily", timedelta(days=1), calls),)
    Worker(app, jobs=daily).tick()
    Worker(app, jobs=daily).tick()
    assert calls == ["daily"]


def test_a_failing_pass_is_retried_with_backoff_and_then_parked_for_the_admins(app, database):
    calls: list[str] = []
    broken = (_counting("broken", timedelta(days=1), calls, fails=True),)
    worker = Worker(app, jobs=broken)
    worker.tick()
    clock.advance(timedelta(seconds=29))
    worker.tick()
    assert calls == ["broken"]
    for wait in (timedelta(seconds=1), timedelta(minutes=1)):
        clock.advance(wait)
        worker.tick()
    assert calls == ["broken"] * 3
    with database.unit_of_work() as session:
        [parked] = queue.parked_jobs(session)
        assert (parked.kind, parked.attempts) == ("broken", 3)
        assert parked.last_error == "RuntimeError: the SMTP server said no"


def test_a_worker_runs_queued_jobs_of_the_kinds_it_has_handlers_for(app, database):
    done: list[dict] = []
    database.run_in_transaction(lambda s: queue.enqueue(s, "matching_run", {"run_id": 4}))
    database.run_in_transaction(lambda s: queue.enqueue(s, "unknown_kind", {}))
    worker = Worker(app, jobs=(), handlers={"matching_run": done.append})
    assert worker.tick() == 1
    assert done == [{"run_id": 4}]
    with database.unit_of_work() as session:
        states = dict(session.execute(select(JobRow.kind, JobRow.state)).all())
    assert states == {"matching_run": "done", "unknown_kind": "queued"}


def test_a_worker_says_it_is_alive_and_goodbye(app, database):
    worker = Worker(app, jobs=())
    worker.tick()
    with database.unit_of_work() as session:
        assert heartbeats.last_seen(session) == NOW
    clock.advance(timedelta(seconds=20))
    worker.tick()
    with database.unit_of_work() as session:
        assert heartbeats.last_seen(session) == NOW + timedelta(seconds=20)
    worker.stopping.set()
    worker.run_forever()
    with database.unit_of_work() as session:
        assert heartbeats.last_seen(session) is None
