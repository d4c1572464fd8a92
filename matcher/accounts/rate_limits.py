"""Rate limits on sign-in, password reset and sign-up, counted in shared storage.

A :class:`Limit` allows ``hits`` attempts per fixed ``window`` for one identity
(the client address, or the e-mail address together with the client address).
Counters live where every server process sees them — the database by default, or
Redis (``redis://…``) — because a counter in one gunicorn worker's memory would let
an attacker multiply the limit by the number of workers.

Fixed windows rather than sliding ones: one atomic increment per attempt on SQLite,
PostgreSQL and Redis alike, and an exact ``Retry-After`` (the end of the window).
The price, up to twice the limit across a window boundary, is acceptable for limits
meant to stop guessing, not to meter use.

Storage never holds an e-mail or IP address: a bucket is named by an HMAC of the
identity under the application's secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from matcher.db import Database
from matcher.db.models import RateLimitCounter
from matcher.shared import clock, email_addresses
from matcher.shared.errors import BadInput

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` attempts per ``window`` for each value of the ``keyed_by`` fields.

    ``counts`` says which attempts use up the limit: every one (``"attempts"``, counted
    before the request is handled), only those that failed (``"failures"``: a correct
    code or a sign-in must not lock anybody out) or only those that succeeded
    (``"successes"``: a sign-up form sent back for a typo is not a sign-up). Failures
    and successes are counted once the answer is known; before it, the limit is only
    read. ``tell_owner``: reaching it mails the account's owner (:mod:`.lockout_notice`).
    """

    name: str
    hits: int
    window: timedelta
    keyed_by: tuple[str, ...]
    counts: str = "attempts"
    tell_owner: bool = False


@dataclass(frozen=True)
class Refusal:
    """An attempt over a limit: which one, and after how many seconds to try again."""

    limit: Limit
    retry_after: int


# Per account and address: slows guessing one password; per address: many accounts.
SIGN_IN: tuple[Limit, ...] = (
    Limit("sign_in_account", 10, timedelta(minutes=15), ("email", "ip")),
    Limit("sign_in_address", 50, timedelta(minutes=15), ("ip",)),
)
# Per e-mail address, so nobody can flood someone's inbox with reset mails.
PASSWORD_RESET: tuple[Limit, ...] = (
    Limit("reset_account", 5, timedelta(hours=1), ("email",)),
    Limit("reset_address", 20, timedelta(hours=1), ("ip",)),
)
# A known password must not buy unlimited guesses at six digits or a recovery code
# ("email" is the signed-in account's address here), nor let its thief lock the real
# owner out: only wrong codes count, per account *and* address; a ceiling per account
# across addresses stops a spread-out guess and mails the owner that it was reached.
SECOND_FACTOR: tuple[Limit, ...] = (
    Limit("second_factor_account_address", 5, timedelta(minutes=15), ("email", "ip"),
          counts="failures"),
    Limit("second_factor_address", 50, timedelta(minutes=15), ("ip",), counts="failures"),
    Limit("second_factor_account", 30, timedelta(hours=1), ("email",), counts="failures",
          tell_owner=True),
)
# The password asked again before new recovery codes (the security page): whoever
# sits at an unlocked screen must not get unlimited guesses ("email" as above).
CONFIRM_PASSWORD: tuple[Limit, ...] = (
    Limit("confirm_password_account", 10, timedelta(minutes=15), ("email",)),
)
# Sign-ups that went through: a form sent back for a mistake is not one.
SIGN_UP: tuple[Limit, ...] = (
    Limit("sign_up_account", 5, timedelta(hours=1), ("email",), counts="successes"),
    Limit("sign_up_address", 20, timedelta(hours=1), ("ip",), counts="successes"),
)


class CounterStore(Protocol):
    """Somewhere to count attempts that every server process shares."""

    def hit(self, bucket: str, expires_at: datetime) -> int:
        """Add one attempt to ``bucket`` (kept until ``expires_at``); return the new count."""
        ...

    def count(self, bucket: str) -> int:
        """The attempts in ``bucket`` so far (0 for none)."""
        ...


def check(
    store: CounterStore,
    limits: Sequence[Limit],
    identity: Mapping[str, str],
    *,
    secret: bytes,
) -> Refusal | None:
    """Before an attempt: count it against the ``"attempts"`` limits, read the others;
    the refusal with the longest wait, if any.

    ``identity`` maps the fields limits are keyed by (``email``, ``ip``) to values;
    e-mail addresses are compared without case or surrounding spaces. Attempts are
    counted even when refused, so hammering away does not shorten the wait.
    """
    now = clock.now()
    refusal = None
    for limit in limits:
        start, end = window_bounds(now, limit.window)
        bucket = bucket_name(limit, identity, start, secret)
        if limit.counts == "attempts":
            over = store.hit(bucket, end) > limit.hits
        else:
            over = store.count(bucket) >= limit.hits
        if over:
            wait = max(1, math.ceil((end - now).total_seconds()))
            if refusal is None or wait > refusal.retry_after:
                refusal = Refusal(limit, wait)
    return refusal


def record_outcome(
    store: CounterStore,
    limits: Sequence[Limit],
    identity: Mapping[str, str],
    *,
    succeeded: bool,
    secret: bytes,
) -> list[Limit]:
    """After an attempt: count it against the limits that count its outcome.

    Returns the limits this attempt just used up (for telling the owner, once per
    window). Between reading and counting another request may slip in, so a limit
    may be passed by as many attempts as arrive at the same moment; it stops guessing
    all the same.
    """
    outcome = "successes" if succeeded else "failures"
    now = clock.now()
    reached = []
    for limit in limits:
        if limit.counts != outcome:
            continue
        start, end = window_bounds(now, limit.window)
        if store.hit(bucket_name(limit, identity, start, secret), end) == limit.hits:
            reached.append(limit)
    return reached


def window_bounds(moment: datetime, window: timedelta) -> tuple[datetime, datetime]:
    """The start and end of the fixed window of length ``window`` that holds ``moment``."""
    index = (moment - _EPOCH) // window
    start = _EPOCH + index * window
    return start, start + window


def bucket_name(
    limit: Limit, identity: Mapping[str, str], window_start: datetime, secret: bytes
) -> str:
    """The storage key: limit name, keyed hash of the identity, window start (≤ 100 chars)."""
    values = "\x1f".join(_normalise(field, identity.get(field, "")) for field in limit.keyed_by)
    digest = hmac.new(secret, f"{limit.name}\x1e{values}".encode(), hashlib.sha256).hexdigest()
    return f"{limit.name}:{digest[:40]}:{int(window_start.timestamp())}"


def _normalise(field: str, value: str) -> str:
    return email_addresses.normalise(value) if field == "email" else value.strip()


class DatabaseCounters:
    """Counters in the ``rate_limit_counters`` table: one atomic upsert per attempt."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def hit(self, bucket: str, expires_at: datetime) -> int:
        """Add one attempt to ``bucket`` in its own short transaction."""
        dialect = self.database.engine.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(RateLimitCounter).values(bucket=bucket, hits=1, expires_at=expires_at)
        statement = statement.on_conflict_do_update(
            index_elements=[RateLimitCounter.bucket],
            set_={"hits": RateLimitCounter.hits + 1},
        ).returning(RateLimitCounter.hits)
        with self.database.unit_of_work() as session:
            count = session.execute(statement).scalar_one()
            session.commit()
        return count

    def count(self, bucket: str) -> int:
        """The attempts in ``bucket`` so far."""
        with self.database.unit_of_work() as session:
            found = session.get(RateLimitCounter, bucket)
            return found.hits if found is not None else 0


class RedisCounters:
    """Counters in Redis: ``INCR`` and ``EXPIRE`` in one transaction per attempt."""

    def __init__(self, client: redis.Redis, prefix: str = "koppel:rate:") -> None:
        self.client = client
        self.prefix = prefix

    def hit(self, bucket: str, expires_at: datetime) -> int:
        """Add one attempt to ``bucket``; Redis forgets it shortly after ``expires_at``."""
        # Redis keeps real time while tests freeze Koppel's clock; a relative expiry
        # works with both because the bucket name already carries the window.
        seconds = max(1, math.ceil((expires_at - clock.now()).total_seconds()))
        key = self.prefix + bucket
        with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, seconds)
            count, _ = pipe.execute()
        return int(count)

    def count(self, bucket: str) -> int:
        """The attempts in ``bucket`` so far."""
        return int(self.client.get(self.prefix + bucket) or 0)


def counters_from_url(url: str, database: Database) -> CounterStore:
    """The store named by ``url``: empty or ``database`` for the table, ``redis://…`` for Redis."""
    if url in ("", "database"):
        return DatabaseCounters(database)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCounters(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))
    raise BadInput(f"rate limit storage: use 'database' or a redis:// URL, not {url!r}")


def delete_expired(session: Session) -> int:
    """Remove database counters whose window ended; returns how many (the caller commits)."""
    result = session.execute(
        delete(RateLimitCounter)
        .where(RateLimitCounter.expires_at <= clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
