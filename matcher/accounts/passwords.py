"""Password hashing with Argon2id (argon2-cffi's RFC 9106 low-memory profile).

Hashes carry their own parameters, so stronger settings later still verify old
hashes; :func:`needs_rehash` says when to store a fresh one after a sign-in.

The test suite sets ``KOPPEL_PASSWORD_HASHING=test`` to use argon2's cheapest
parameters: hundreds of test accounts would otherwise cost minutes of hashing. The
web app refuses to start in production with that setting.
"""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

TEST_HASHING = os.environ.get("KOPPEL_PASSWORD_HASHING") == "test"
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST) if TEST_HASHING else PasswordHasher()
)


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``, salted, safe to store."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; ``False`` for no or a broken hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)
