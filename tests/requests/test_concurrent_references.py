"""Two people saving the same pupil reference at the same moment (PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from matcher.db.models import Pupil
from matcher.requests.problems import InvalidRequest
from matcher.requests.school_requests import create_request
from tests.db.rows import pupil

from .conftest import valid_values

pytestmark = pytest.mark.postgres_only


def wait_until_blocked(database, timeout: float = 20.0) -> None:
    """Return once some transaction waits for a lock held by another."""
    deadline = time.monotonic() + timeout
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            if connection.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar():
                return
            connection.rollback()
            time.sleep(0.02)
    pytest.fail("the second writer never waited for the first")


def test_the_second_of_two_simultaneous_same_references_gets_a_message_not_an_error(
    database, schools
):
    outcome: list[object] = []

    def second_writer() -> None:
        with database.unit_of_work() as session:
            try:
                create_request(
                    session,
                    schools.contact,
                    school_id=schools.school_id,
                    values=valid_values(reference="Sara B."),
                )
                session.commit()
                outcome.append("saved")
            except InvalidRequest as refused:
                outcome.append([problem.text() for problem in refused.problems])

    with database.unit_of_work() as first:
        # The first writer has inserted but not committed: the second cannot see it yet.
        first.add(pupil("Sara B.", school_id=schools.school_id, needs=["geen_werkplek"]))
        first.flush()
        thread = threading.Thread(target=second_writer)
        thread.start()
        wait_until_blocked(database)
        first.commit()
    thread.join(timeout=30)
    assert outcome == [['"Sara B." is al gebruikt voor een andere aanvraag van deze school']]
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == 1
