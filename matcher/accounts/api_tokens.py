"""API tokens: a school contact's or coordinator's own key for the JSON API.

A token acts as its owner's account would on the web, never more: :func:`authenticate`
builds the :class:`~matcher.accounts.permissions.Actor` from the owner's account as
:func:`matcher.accounts.users.load_account` sees it today (a deactivated or erased
account's tokens stop working with it), and every use case checks its own permission
and scope as for a web visitor. A *read* token is refused any call that changes data.

Only the SHA-256 of a token is stored: it carries 256 random bits, so its hash
cannot be guessed back, and a fast hash lets every API call find its token by an
indexed exact value (a slow, salted hash such as argon2 protects low-entropy
passwords, and would cost each call tens of milliseconds for nothing). The raw token
is shown once, when it is made.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, can, require
from matcher.accounts.tokens import hash_token
from matcher.accounts.users import actor_for, load_account
from matcher.db.models import ApiToken, User
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.errors import RuleViolation

READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)
MAX_NAME_LENGTH = 80
MAX_LIFETIME_DAYS = 365
PREFIX = "koppel_"
# Raw tokens are the prefix and 43 characters; anything much longer is not one of ours.
_MAX_RAW_LENGTH = 128


class ApiTokenRefused(RuleViolation):
    """A token cannot be made with these values."""

    TEXTS = {
        "name_length": "give a name of at most {limit} characters",
        "unknown_scope": "choose read, or read and write",
        "expiry_range": "choose an expiry date from tomorrow up to {limit} days ahead",
    }


class ApiTokenNotFound(LookupError):
    """No such token among the actor's own (the web answers 404)."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token: its id, and the raw value to show exactly once."""

    id: int
    raw: str


@dataclass(frozen=True)
class TokenSummary:
    """One line of the owner's list of tokens (never the token)."""

    id: int
    name: str
    scope: str
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime

    @property
    def usable(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > clock.now()


@dataclass(frozen=True)
class TokenHolder:
    """Who calls the API with a valid token: the token's id and scope, and its owner."""

    token_id: int
    scope: str
    actor: Actor

    @property
    def may_write(self) -> bool:
        """Whether the token was made for reading and writing."""
        return self.scope == WRITE


def issue_token(
    session: Session, actor: Actor, *, name: str, scope: str, expires_on: date | None
) -> IssuedToken:
    """Make a token for ``actor``'s own account, valid until the end of ``expires_on``.

    Raises :class:`ApiTokenRefused` at ``name``, ``scope`` or ``expires_on``. The
    raw token is returned once and never stored.
    """
    require(actor, Permission.MANAGE_OWN_API_TOKENS)
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ApiTokenRefused("name", "name_length", limit=MAX_NAME_LENGTH)
    if scope not in SCOPES:
        raise ApiTokenRefused("scope", "unknown_scope")
    today = clock.today()
    if expires_on is None or not today < expires_on <= today + timedelta(days=MAX_LIFETIME_DAYS):
        raise ApiTokenRefused("expires_on", "expiry_range", limit=MAX_LIFETIME_DAYS)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.user_id,
        name=name,
        token_hash=hash_token(raw),
        scope=scope,
        expires_at=datetime.combine(expires_on, time.max, tzinfo=clock.now().tzinfo),
    )
    session.add(token)
    session.flush()
    audit.record(session, "api_token.issue", "api_token", token.id,
                 actor_user_id=actor.user_id, scope=scope)
    return IssuedToken(token.id, raw)


def list_tokens(session: Session, actor: Actor) -> list[TokenSummary]:
    """``actor``'s own tokens, newest first (revoked and expired ones included)."""
    require(actor, Permission.MANAGE_OWN_API_TOKENS)
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == actor.user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [
        TokenSummary(t.id, t.name, t.scope, t.expires_at, t.last_used_at, t.revoked_at,
                     t.created_at)
        for t in session.scalars(query)
    ]


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    """Revoke one of ``actor``'s own tokens; it stops working at once.

    Another account's token is :class:`ApiTokenNotFound`, as if it did not exist.
    Revoking a revoked token changes nothing.
    """
    require(actor, Permission.MANAGE_OWN_API_TOKENS)
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.user_id:
        raise ApiTokenNotFound(token_id)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit.record(session, "api_token.revoke", "api_token", token.id,
                     actor_user_id=actor.user_id)


def authenticate(session: Session, raw: str) -> TokenHolder | None:
    """The holder of the presented token, or ``None``; notes its use (the caller commits).

    There is no actor yet: the token is the authority. An unknown token gives
    ``None``; a known one that is revoked or expired, or whose owner may no longer sign
    in or no longer holds a role that may have tokens, gives ``None`` too and is
    audited by the token's id (never the token). A coordinator's token counts as past
    the second factor, because making one needed it.
    """
    if not isinstance(raw, str) or not raw.startswith(PREFIX) or len(raw) > _MAX_RAW_LENGTH:
        return None
    token = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(raw))
    ).one_or_none()
    if token is None:
        return None
    user = session.get(User, token.user_id)
    account = load_account(session, user.id, user.session_version) if user else None
    actor = actor_for(account, second_factor_passed=True) if account else None
    reason = _refusal(token, actor)
    if reason is not None:
        audit.record(session, "api_token.refused", "api_token", token.id,
                     actor_user_id=token.user_id, reason_code=reason)
        return None
    token.last_used_at = clock.now()
    return TokenHolder(token.id, token.scope, actor)


def record_refusal(session: Session, holder: TokenHolder, reason: str) -> None:
    """Audit a call the token's holder was refused (``reason``: a short code)."""
    audit.record(session, "api_token.refused", "api_token", holder.token_id,
                 actor_user_id=holder.actor.user_id, reason_code=reason)


def _refusal(token: ApiToken, actor: Actor | None) -> str | None:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= clock.now():
        return "expired"
    if actor is None:
        return "account_closed"
    if not can(actor, Permission.MANAGE_OWN_API_TOKENS):
        return "role_changed"
    return None
