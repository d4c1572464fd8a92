"""The agreed contact rhythm of a match and its holiday pauses.

The volunteer and the region's coordinator agree how often the pair has contact
(every week unless they agree otherwise); the volunteer pauses the pair for a
holiday, which the escalation of a pupil out of sight will respect. The use cases
check the actor themselves, change the session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission
from matcher.contacts.refusals import ContactRefused
from matcher.contacts.scope import match_for
from matcher.db.models import ContactAgreement, HolidayPause
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.clock import today
from matcher.shared.states import LIVE_MATCH_STATES
from matcher.shared.vocabulary import RHYTHM_CODES

DEFAULT_RHYTHM = "weekly"
MAX_PAUSE_WEEKS = 8


@dataclass(frozen=True)
class Agreement:
    """A match's rhythm and its holiday pauses that have not ended yet (earliest first)."""

    rhythm: str
    pauses: tuple[tuple[date, date], ...]


def agreement_of(session: Session, match_id: int) -> Agreement:
    """What the pair agreed; callers have checked the actor may read the match."""
    rhythm = session.scalar(
        select(ContactAgreement.rhythm).where(ContactAgreement.match_id == match_id)
    )
    pauses = session.execute(
        select(HolidayPause.starts_on, HolidayPause.ends_on)
        .where(HolidayPause.match_id == match_id, HolidayPause.ends_on >= today())
        .order_by(HolidayPause.starts_on)
    ).all()
    return Agreement(rhythm or DEFAULT_RHYTHM, tuple((row[0], row[1]) for row in pauses))


def set_rhythm(session: Session, actor: Actor, match_id: int, rhythm: str) -> None:
    """Agree how often a live match has contact: its volunteer or the region's staff."""
    match = match_for(session, actor, Permission.SET_RHYTHM, match_id)
    if match.state not in LIVE_MATCH_STATES:
        raise ContactRefused("match", "match_not_active")
    if rhythm not in RHYTHM_CODES:
        raise ContactRefused("rhythm", "unknown_rhythm")
    agreement = session.get(ContactAgreement, match.id)
    if agreement is None:
        agreement = ContactAgreement(match_id=match.id)
        session.add(agreement)
    agreement.rhythm, agreement.set_by_id, agreement.set_at = rhythm, actor.user_id, clock.now()
    audit.record(session, "contact.rhythm_set", "match", match.id, actor_user_id=actor.user_id,
                 rhythm=rhythm)


def pause_for_holiday(
    session: Session, actor: Actor, match_id: int, starts_on: date | None, ends_on: date | None
) -> int:
    """The match's own volunteer pauses their active match from ``starts_on`` to ``ends_on``.

    Both days count; the pause starts today or later and lasts at most
    :data:`MAX_PAUSE_WEEKS` weeks. Returns the pause's id.
    """
    match = match_for(session, actor, Permission.RECORD_CONTACT, match_id)
    if match.state != "active":
        raise ContactRefused("match", "match_not_active")
    if starts_on is None:
        raise ContactRefused("starts_on", "date_missing")
    if ends_on is None:
        raise ContactRefused("ends_on", "date_missing")
    if starts_on < today():
        raise ContactRefused("starts_on", "past_date")
    if ends_on < starts_on:
        raise ContactRefused("ends_on", "period_order")
    if ends_on - starts_on >= timedelta(weeks=MAX_PAUSE_WEEKS):
        raise ContactRefused("ends_on", "pause_too_long", weeks=MAX_PAUSE_WEEKS)
    pause = HolidayPause(match_id=match.id, starts_on=starts_on, ends_on=ends_on,
                         created_by_id=actor.user_id)
    session.add(pause)
    session.flush()
    audit.record(session, "contact.paused", "match", match.id, actor_user_id=actor.user_id,
                 pause_id=pause.id, count=(ends_on - starts_on).days + 1)
    return pause.id
