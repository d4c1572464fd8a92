"""Single-use recovery codes for coordinators and admins who lost their authenticator app.

A set of :data:`COUNT` codes is shown once; the database keeps only SHA-256 hashes.
A code carries about 49 bits of randomness, so a fast hash is enough: nobody can
try every code, unlike a password someone chose. Codes are typed by hand, so they
avoid look-alike characters and ignore case, spaces and dashes.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from matcher.db.models import RecoveryCode
from matcher.shared import clock

COUNT = 10
LENGTH = 10
# No 0/o, 1/l/i: a code read from paper must not be mistyped.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# Typed codes longer than this are not ours (dashes and spaces included).
MAX_TYPED_LENGTH = 40


def issue(session: Session, user_id: int) -> list[str]:
    """Replace the user's recovery codes by :data:`COUNT` new ones; returns them for showing.

    The old set stops working at once. The rows join the caller's transaction.
    """
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = [_new_code() for _ in range(COUNT)]
    session.add_all(RecoveryCode(user_id=user_id, code_hash=_hash(user_id, c)) for c in codes)
    session.flush()
    return [formatted(code) for code in codes]


def use(session: Session, user_id: int, typed: str) -> bool:
    """Mark the user's unused code ``typed`` as used; ``False`` when there is none.

    The update only touches a row that is still unused, so two requests racing with
    the same code cannot both succeed. Runs in the caller's transaction.
    """
    normalised = normalise(typed)
    if normalised is None:
        return False
    result = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _hash(user_id, normalised),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def remaining(session: Session, user_id: int) -> int:
    """How many of the user's recovery codes are still unused."""
    return session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    )


def forget(session: Session, user_id: int) -> None:
    """Delete every recovery code of the user (second factor reset, erasure)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def normalise(typed: str) -> str | None:
    """``typed`` as stored (lowercase, no spaces or dashes); ``None`` if it cannot be a code.

    >>> normalise(" ABCDE-fghjk ")
    'abcdefghjk'
    >>> normalise("123456") is None
    True
    """
    if len(typed) > MAX_TYPED_LENGTH:
        return None
    code = "".join(typed.split()).replace("-", "").lower()
    if len(code) != LENGTH or not set(code) <= set(ALPHABET):
        return None
    return code


def formatted(code: str) -> str:
    """A code as shown to the user: two groups of five.

    >>> formatted("abcdefghjk")
    'abcde-fghjk'
    """
    middle = LENGTH // 2
    return f"{code[:middle]}-{code[middle:]}"


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _hash(user_id: int, code: str) -> str:
    # The user id in the hash keeps one user's code from ever matching another's row.
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()
