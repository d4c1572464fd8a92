"""Two requests with the same second-factor code at the same moment: exactly one passes."""

import threading

import pytest

from matcher.accounts import second_factor, users
from matcher.accounts.permissions import Actor, Role

pytestmark = [pytest.mark.postgres_only, pytest.mark.usefixtures("frozen_clock")]


def race(database, attempt) -> list[object]:
    """Run ``attempt(session)`` in two threads that start together, each committing as a view
    does; their results."""
    start = threading.Barrier(2, timeout=10)
    results: list[object] = []

    def run() -> None:
        with database.unit_of_work() as session:
            start.wait()
            results.append(attempt(session))
            session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def signing_in(person) -> Actor:
    return Actor(user_id=person.user_id, role=Role.COORDINATOR)


def test_one_totp_code_sent_twice_at_once_passes_once(database, make_user):
    person = make_user("coordinator")
    code = users.current_totp_code(person.totp_secret)
    results = race(database, lambda s: second_factor.verify_totp(s, signing_in(person), code))
    assert sorted(results) == [False, True]


def test_one_recovery_code_sent_twice_at_once_passes_once(database, make_user):
    person = make_user("coordinator", totp=False)
    secret = users.new_totp_secret()
    with database.unit_of_work() as session:
        [code, *_rest] = second_factor.enrol(
            session, signing_in(person), secret, users.current_totp_code(secret)
        )
        session.commit()
    results = race(
        database, lambda s: second_factor.use_recovery_code(s, signing_in(person), code)
    )
    assert sorted(results, key=str) == [9, None]
