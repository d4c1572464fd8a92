"""Sign-up must cost about the same for a new, a pending and a known address.

The page and the mails say nothing about whether an address is known, but the
time could: a slow step in one branch only (once, the Argon2 hash of the password,
tens of milliseconds) told anyone with a stopwatch who volunteers with Koppel.
Since the password is chosen at the confirmation step, sign-up hashes nothing in
any branch, and every branch prepares the profile, writes one audit entry and one
mail. Tests never measure time, so these count the work instead: Argon2 hashes and
SQL statements.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, func, select

from matcher.accounts.passwords import hash_password
from matcher.db.models import AuditEntry, OutboxMail, User
from matcher.volunteers.sign_up import sign_up_volunteer
from tests.volunteers.volunteer_helpers import BASE_URL, sign_up

# A new sign-up stores an account, a profile and a link; a known address stores none.
ROWS_ONLY_A_NEW_SIGN_UP_STORES = 3


@pytest.fixture
def argon2_hashes(monkeypatch) -> list[str]:
    """Every password Argon2 hashes during the test (argon2-cffi, not our code, is spied on)."""
    hashed: list[str] = []
    original = PasswordHasher.hash

    def counting(self, password, *args, **kwargs):
        hashed.append(password)
        return original(self, password, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", counting)
    return hashed


def _sign_up(database, email: str) -> dict[str, int]:
    """Sign up with ``email``; what it cost: SQL statements, audit entries and mails."""
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    before = _rows(database)
    event.listen(database.engine, "before_cursor_execute", note)
    try:
        database.run_in_transaction(
            lambda session: sign_up_volunteer(session, sign_up(email=email), base_url=BASE_URL)
        )
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    after = _rows(database)
    return {
        "statements": len(statements),
        "audit": after[0] - before[0],
        "mails": after[1] - before[1],
    }


def _rows(database) -> tuple[int, int]:
    with database.unit_of_work() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(OutboxMail)),
        )


def _existing(database, email: str, *, role: str, confirmed: bool) -> None:
    with database.unit_of_work() as session:
        session.add(
            User(
                email=email,
                password_hash=hash_password("een ander lang wachtwoord"),
                role=role,
                display_name="Bestaand",
                email_confirmed_at=datetime(2025, 1, 6, tzinfo=UTC) if confirmed else None,
            )
        )
        session.commit()


@pytest.mark.parametrize(
    ("role", "confirmed"),
    [("volunteer", True), ("coordinator", True), ("school", False)],
)
def test_a_new_a_pending_and_a_known_address_do_comparable_work_and_hash_nothing(
    database, argon2_hashes, role, confirmed
):
    new = _sign_up(database, "nieuw@example.org")
    pending = _sign_up(database, "nieuw@example.org")
    assert argon2_hashes == []
    _existing(database, "bekend@example.org", role=role, confirmed=confirmed)
    argon2_hashes.clear()
    known = _sign_up(database, "bekend@example.org")

    assert argon2_hashes == []
    for cost in (new, pending, known):
        assert (cost["audit"], cost["mails"]) == (1, 1)
        assert new["statements"] - cost["statements"] <= ROWS_ONLY_A_NEW_SIGN_UP_STORES
        assert cost["statements"] - new["statements"] <= ROWS_ONLY_A_NEW_SIGN_UP_STORES


def test_a_known_address_keeps_its_own_password(database):
    _existing(database, "bekend@example.org", role="volunteer", confirmed=True)
    with database.unit_of_work() as session:
        before = session.query(User).filter_by(email="bekend@example.org").one().password_hash

    _sign_up(database, "bekend@example.org")

    with database.unit_of_work() as session:
        after = session.query(User).filter_by(email="bekend@example.org").one().password_hash
    assert after == before
