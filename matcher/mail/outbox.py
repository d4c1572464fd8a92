"""The mail outbox: mail written in the caller's transaction, sent later by the worker.

A use case calls :func:`enqueue` inside its own unit of work, so the mail exists if
and only if the change it reports was committed. The worker (``koppel worker``) then
calls :func:`deliver_due` with a function that talks SMTP.

Delivery is at least once, never twice in normal operation:

* a worker *claims* a row with one conditional UPDATE (``state = 'pending'`` and
  due) that pushes ``next_attempt_at`` a lease into the future; a second worker's
  identical UPDATE then matches no row, on SQLite and on PostgreSQL alike, so only
  one of them sends it;
* if the claiming worker dies before recording the result, the lease runs out and
  another worker sends the mail again, with the same ``Message-ID`` (fixed when the
  row was written), so receiving servers can drop the duplicate;
* a failed attempt waits with exponential back-off; after :data:`GIVE_UP_AFTER` the
  row is marked ``failed`` for an admin to look at.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from matcher.db import Database
from matcher.db.models import OutboxMail
from matcher.mail.rendering import Mail
from matcher.shared import clock

MESSAGE_ID_DOMAIN = "koppel.mail"
# Longer than any SMTP conversation takes, short enough that a crashed worker's
# mail still goes out within minutes.
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)
_MAX_ERROR_LENGTH = 500


def enqueue(session: Session, mail: Mail) -> OutboxMail:
    """Add ``mail`` to the outbox in the caller's transaction (the caller commits)."""
    row = OutboxMail(
        to_address=mail.to,
        subject=mail.subject,
        body_text=mail.body_text,
        message_id=f"<{secrets.token_hex(16)}@{MESSAGE_ID_DOMAIN}>",
        state="pending",
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class Outgoing:
    """A claimed mail as plain values, handed to the sending function."""

    id: int
    to: str
    subject: str
    body_text: str
    message_id: str


@dataclass(frozen=True)
class DeliveryReport:
    """What one :func:`deliver_due` pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def due_ids(session: Session, *, limit: int = 100) -> list[int]:
    """Ids of pending mails whose (next) attempt is due, oldest first."""
    now = clock.now()
    query = (
        select(OutboxMail.id)
        .where(OutboxMail.state == "pending", _due(now))
        .order_by(OutboxMail.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim(session: Session, mail_id: int) -> Outgoing | None:
    """Take the mail for sending if it is still pending and due; ``None`` if someone else has.

    The caller commits right away, so the claim is visible to other workers.
    """
    now = clock.now()
    result = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.state == "pending", _due(now))
        .values(next_attempt_at=now + LEASE, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    row = session.get(OutboxMail, mail_id, populate_existing=True)
    if row is None:
        return None
    if not row.to_address:
        # Anonymised before it went out: there is nobody left to send it to.
        row.state, row.next_attempt_at, row.last_error = "failed", None, "no address"
        return None
    return Outgoing(row.id, row.to_address, row.subject, row.body_text, row.message_id)


def mark_sent(session: Session, mail_id: int) -> None:
    """Record that the SMTP server accepted the mail."""
    session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(state="sent", sent_at=clock.now(), next_attempt_at=None, last_error=None)
        .execution_options(synchronize_session=False)
    )


def mark_attempt_failed(session: Session, mail_id: int, error: str) -> bool:
    """Schedule a retry with back-off; returns ``False`` when the mail is given up."""
    row = session.get(OutboxMail, mail_id, populate_existing=True)
    if row is None:
        return False
    now = clock.now()
    row.last_error = error[:_MAX_ERROR_LENGTH]
    if now - row.created_at >= GIVE_UP_AFTER:
        row.state = "failed"
        row.next_attempt_at = None
        return False
    row.next_attempt_at = now + retry_delay(row.attempts)
    return True


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, … 1 h."""
    if attempts <= 1:
        return FIRST_RETRY
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 20), LONGEST_RETRY)


def deliver_due(
    database: Database, send: Callable[[Outgoing], None], *, limit: int = 100
) -> DeliveryReport:
    """Send every due mail once with ``send``; any exception from it counts as a failure.

    Each mail is claimed, sent and recorded in its own short transactions, so a slow
    or broken SMTP server never holds a database lock.
    """
    with database.unit_of_work() as session:
        ids = due_ids(session, limit=limit)
    sent = retried = failed = 0
    for mail_id in ids:
        with database.unit_of_work() as session:
            outgoing = claim(session, mail_id)
            session.commit()
        if outgoing is None:
            continue
        try:
            send(outgoing)
        except Exception as exc:  # any transport error means: try again later
            with database.unit_of_work() as session:
                if mark_attempt_failed(session, mail_id, f"{type(exc).__name__}: {exc}"):
                    retried += 1
                else:
                    failed += 1
                session.commit()
            continue
        with database.unit_of_work() as session:
            mark_sent(session, mail_id)
            session.commit()
        sent += 1
    return DeliveryReport(sent=sent, retried=retried, failed=failed)


def _due(now: datetime):
    return or_(OutboxMail.next_attempt_at.is_(None), OutboxMail.next_attempt_at <= now)
