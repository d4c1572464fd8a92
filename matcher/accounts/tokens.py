"""Single-use, expiring, purpose-bound tokens for links in e-mails.

The raw token travels only in the mail; the database keeps its SHA-256 hash, so a
leaked database cannot be used to confirm, reset or accept anything. A token for
one purpose (``confirm_email``) can never be used for another (``reset_password``).
Every failure raises the same :class:`TokenInvalid`, so a page cannot tell an
attacker whether a token existed, expired or was used.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.db.models import Token
from matcher.db.queries import lock_account
from matcher.shared import clock

CONFIRM_EMAIL = "confirm_email"
CONFIRM_EMAIL_TTL = timedelta(hours=48)
# Raw tokens are 43 characters; anything much longer is not one of ours.
_MAX_RAW_LENGTH = 128


class TokenInvalid(Exception):
    """The token is unknown, expired, already used, or for another purpose."""


def issue(
    session: Session,
    purpose: str,
    *,
    user_id: int | None = None,
    subject_id: int | None = None,
    ttl: timedelta,
) -> str:
    """Store a new token for ``purpose`` and return the raw value to put in a link.

    The row joins the caller's transaction; nothing is committed here.
    """
    if not purpose:
        raise ValueError("purpose must not be empty")
    if ttl <= timedelta(0):
        raise ValueError("ttl must be positive")
    raw = secrets.token_urlsafe(32)
    session.add(
        Token(
            purpose=purpose,
            token_hash=hash_token(raw),
            user_id=user_id,
            subject_id=subject_id,
            expires_at=clock.now() + ttl,
        )
    )
    session.flush()
    return raw


def peek(session: Session, purpose: str, raw: str) -> Token:
    """The valid token behind ``raw`` without using it (for the page with the button).

    Raises :class:`TokenInvalid` when it is unknown, expired, used or for another purpose.
    """
    token = _find(session, raw)
    if token is None or token.purpose != purpose or token.used_at is not None:
        raise TokenInvalid
    if token.expires_at <= clock.now():
        raise TokenInvalid
    return token


def consume(session: Session, purpose: str, raw: str) -> Token:
    """Validate ``raw`` and mark it used, in the caller's transaction.

    The update only succeeds while the row is still unused, so two requests racing
    with the same link cannot both win: the loser gets :class:`TokenInvalid`.
    A token that belongs to an account takes the account's row lock first, as
    every use case does (:mod:`matcher.db.queries`): erasing the account, which
    locks it and then its tokens, then never waits in a circle with this one.
    """
    token = peek(session, purpose, raw)
    if token.user_id is not None:
        lock_account(session, token.user_id)
    now = clock.now()
    claimed = session.execute(
        update(Token)
        .where(Token.id == token.id, Token.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise TokenInvalid
    token.used_at = now
    return token


def revoke_all(session: Session, purpose: str, user_id: int) -> int:
    """Mark every unused ``purpose`` token of ``user_id`` used; returns how many."""
    result = session.execute(
        update(Token)
        .where(Token.purpose == purpose, Token.user_id == user_id, Token.used_at.is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def hash_token(raw: str) -> str:
    """The hex SHA-256 of a raw token, as stored.

    A plain hash suffices (no salt, no slow hash): the token carries 256 random bits,
    so nobody can guess it from its hash, and lookup needs an exact, indexable value.
    """
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _find(session: Session, raw: str) -> Token | None:
    if not isinstance(raw, str) or not raw or len(raw) > _MAX_RAW_LENGTH:
        return None
    return session.scalars(select(Token).where(Token.token_hash == hash_token(raw))).one_or_none()
