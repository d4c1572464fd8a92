"""Sign-up must cost the same for a new, a known and a known-unconfirmed address.

The page and the mails already say nothing about whether an address is known, but
the time does: a new address is hashed with Argon2 (tens of milliseconds with the
production parameters), so a known address that skipped the hash answered visibly
faster and told anyone with a stopwatch who volunteers with Koppel. Tests never
measure time, so these count the Argon2 hashes each path computes instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from matcher import volunteers
from matcher.db.models import User
from matcher.passwords import hash_password
from tests.volunteers.volunteer_helpers import BASE_URL, sign_up


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


def _sign_up(database, email: str) -> None:
    with database.unit_of_work() as session:
        volunteers.sign_up_volunteer(session, sign_up(email=email), base_url=BASE_URL)


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
    [("volunteer", True), ("volunteer", False), ("coordinator", True), ("school", False)],
)
def test_signing_up_with_a_known_address_hashes_the_password_like_a_new_one(
    database, argon2_hashes, role, confirmed
):
    _sign_up(database, "nieuw@example.org")
    new_address_hashes = len(argon2_hashes)
    _existing(database, "bekend@example.org", role=role, confirmed=confirmed)
    argon2_hashes.clear()

    _sign_up(database, "bekend@example.org")

    assert new_address_hashes == 1
    assert len(argon2_hashes) == new_address_hashes


def test_a_known_address_keeps_its_own_password(database):
    _existing(database, "bekend@example.org", role="volunteer", confirmed=True)
    with database.unit_of_work() as session:
        before = session.query(User).filter_by(email="bekend@example.org").one().password_hash

    _sign_up(database, "bekend@example.org")

    with database.unit_of_work() as session:
        after = session.query(User).filter_by(email="bekend@example.org").one().password_hash
    assert after == before
