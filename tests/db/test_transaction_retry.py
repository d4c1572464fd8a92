"""``Database.run_in_transaction``: commits the work, and runs it once more after a deadlock."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from matcher.db.models import Region


def add_regions(database, *names: str) -> list[int]:
    with database.unit_of_work() as session:
        regions = [Region(name=name, slug=name.lower()) for name in names]
        session.add_all(regions)
        session.commit()
        return [region.id for region in regions]


def region_names(database) -> list[str]:
    with database.unit_of_work() as session:
        return list(session.scalars(select(Region.name).order_by(Region.id)))


def test_the_work_is_committed_and_what_it_returns_is_returned(database):
    def work(session) -> int:
        region = Region(name="Delft", slug="delft")
        session.add(region)
        session.flush()
        return region.id

    region_id = database.run_in_transaction(work)

    assert region_names(database) == ["Delft"]
    assert region_id is not None


def test_an_error_that_is_no_deadlock_is_raised_at_once_and_nothing_is_kept(database):
    add_regions(database, "Delft")
    attempts: list[int] = []

    def work(session) -> None:
        attempts.append(1)
        session.add(Region(name="Gouda", slug="gouda"))
        session.add(Region(name="Delft", slug="delft-2"))
        session.flush()

    with pytest.raises(IntegrityError):
        database.run_in_transaction(work)

    assert len(attempts) == 1
    assert region_names(database) == ["Delft"]


@pytest.mark.postgres_only
def test_the_transaction_postgresql_aborts_in_a_real_deadlock_runs_again_and_both_land(database):
    first, second = add_regions(database, "A", "B")
    both_hold_one_row = threading.Barrier(2, timeout=10)
    attempts: list[str] = []
    failures: list[BaseException] = []

    def append(session, region_id: int, tag: str) -> None:
        session.execute(
            update(Region).where(Region.id == region_id).values(name=Region.name + tag)
        )

    def crosswise(tag: str, one: int, other: int, deadlock_timeout: str) -> None:
        def work(session) -> None:
            attempts.append(tag)
            # The backend that waits past its deadlock_timeout checks for the cycle and
            # is the one aborted: "1" looks first, so "1" is retried and "2" goes on.
            # (With equal timeouts a busy server can abort both, and their retries
            # cross again.)
            session.execute(text(f"SET LOCAL deadlock_timeout = '{deadlock_timeout}'"))
            append(session, one, tag)
            if attempts.count(tag) == 1:
                both_hold_one_row.wait()
            append(session, other, tag)

        try:
            database.run_in_transaction(work)
        except BaseException as failure:  # noqa: BLE001 - reported by the assertion below
            failures.append(failure)

    threads = [threading.Thread(target=crosswise, args=("1", first, second, "100ms")),
               threading.Thread(target=crosswise, args=("2", second, first, "20s"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert sorted(attempts) == ["1", "1", "2"]
    assert region_names(database) == ["A21", "B21"]


@pytest.mark.postgres_only
def test_a_second_serialization_failure_is_raised_and_nothing_is_kept(database):
    attempts: list[int] = []

    def work(session) -> None:
        attempts.append(1)
        session.add(Region(name="Delft", slug="delft"))
        session.flush()
        session.execute(text(
            "DO $$ BEGIN RAISE EXCEPTION 'cannot serialise' "
            "USING ERRCODE = 'serialization_failure'; END $$"
        ))

    with pytest.raises(DBAPIError) as raised:
        database.run_in_transaction(work)

    assert raised.value.orig.sqlstate == "40001"
    assert len(attempts) == 2
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Region)) == 0
