"""Two workers running the same job at the same moment, each in its own session: the
harness of the race tests (tests only)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from matcher.db import Database

T = TypeVar("T")


def twice_at_once(database: Database, job: Callable[[Session], T]) -> list[T]:
    """Run ``job`` in two threads that start together, each committing its own session;
    returns both results, and raises the first failure if either failed."""
    both_ready = threading.Barrier(2, timeout=10)
    results: list[T] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            with database.unit_of_work() as session:
                both_ready.wait()
                results.append(job(session))
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - raised again below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if failures:
        raise failures[0]
    return results
