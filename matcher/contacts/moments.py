"""Logging, correcting and reading contact moments.

The volunteer logs a moment for their own active match; "could not reach the pupil"
is a moment with ``reached`` false. They can correct their own moment for
:data:`CORRECTION_DAYS` days after logging it. Staff of the match's region and the
volunteer read a match's moments; every time staff read notes, the audit log says
who read the notes of which match, by ids.

The use cases check the actor themselves, change the session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Role
from matcher.contacts.refusals import ContactRefused
from matcher.contacts.rhythm import Agreement, agreement_of
from matcher.contacts.scope import match_for
from matcher.db.models import ContactMoment, Match
from matcher.db.models.contacts import MAX_MINUTES, NOTE_LIMIT
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.clock import local_date, today
from matcher.shared.vocabulary import CONTACT_MOOD_CODES, CONTACT_TOPIC_CODES, CONTACT_WAY_CODES

CORRECTION_DAYS = 7
MIN_MINUTES = 1


@dataclass(frozen=True)
class MomentEntry:
    """A contact moment as the volunteer typed it (``None`` where nothing was given)."""

    happened_on: date | None
    minutes: int | None
    way: str
    topics: tuple[str, ...] = ()
    mood: str = "good"
    reached: bool = True
    note: str | None = None


@dataclass(frozen=True)
class MomentLine:
    """One logged moment as a page shows it; ``correctable`` for the actor reading it."""

    id: int
    happened_on: date
    minutes: int
    way: str
    topics: tuple[str, ...]
    mood: str
    reached: bool
    note: str | None
    created_at: datetime
    correctable: bool


@dataclass(frozen=True)
class ContactLog:
    """A match's agreed rhythm, holiday pauses and moments (newest first)."""

    match_id: int
    state: str
    agreement: Agreement
    moments: list[MomentLine] = field(default_factory=list)


def log_moment(session: Session, actor: Actor, match_id: int, entry: MomentEntry) -> int:
    """Store a contact moment for the acting volunteer's own active match; returns its id.

    Raises :class:`ContactRefused` naming the field (nothing is stored), and the
    refusals of :func:`matcher.contacts.scope.match_for` for anyone but the match's
    own volunteer.
    """
    match = match_for(session, actor, Permission.RECORD_CONTACT, match_id)
    if match.state != "active":
        raise ContactRefused("match", "match_not_active")
    values = _checked(entry, match)
    moment = ContactMoment(match_id=match.id, created_by_id=actor.user_id, **values)
    session.add(moment)
    session.flush()
    audit.record(session, "contact.logged", "match", match.id, actor_user_id=actor.user_id,
                 moment_id=moment.id, state="reached" if moment.reached else "not_reached")
    return moment.id


def correct_moment(session: Session, actor: Actor, moment_id: int, entry: MomentEntry) -> None:
    """Replace the values of the acting volunteer's own moment, within the correction days.

    A moment logged by someone else, or unknown, raises
    :class:`~matcher.accounts.permissions.OutOfScope`; a moment logged more than
    :data:`CORRECTION_DAYS` days ago raises :class:`ContactRefused`.
    """
    moment = _own_moment(session, actor, moment_id)
    match = session.get(Match, moment.match_id)
    if not _correctable(moment, actor):
        raise ContactRefused("moment", "correction_closed", days=CORRECTION_DAYS)
    for name, value in _checked(entry, match).items():
        setattr(moment, name, value)
    moment.corrected_at = clock.now()
    audit.record(session, "contact.corrected", "match", match.id, actor_user_id=actor.user_id,
                 moment_id=moment.id)


def moment_to_correct(session: Session, actor: Actor, moment_id: int) -> tuple[int, MomentLine]:
    """The acting volunteer's own moment with its match id, for the correction form.

    Raises :class:`~matcher.accounts.permissions.OutOfScope` for someone else's or an
    unknown moment, and :class:`ContactRefused` once the correction days are over.
    """
    moment = _own_moment(session, actor, moment_id)
    if not _correctable(moment, actor):
        raise ContactRefused("moment", "correction_closed", days=CORRECTION_DAYS)
    return moment.match_id, _line(moment, actor)


def moments_of_match(session: Session, actor: Actor, match_id: int) -> ContactLog:
    """The contact log of one match for its volunteer or staff of its region.

    When staff read a log with notes, an audit entry names the match and the moments
    whose notes they saw (the caller commits). Others get
    :class:`~matcher.accounts.permissions.OutOfScope` or
    :class:`~matcher.accounts.permissions.NotPermitted`.
    """
    match = match_for(session, actor, Permission.VIEW_CONTACTS, match_id)
    moments = session.scalars(
        select(ContactMoment)
        .where(ContactMoment.match_id == match.id)
        .order_by(ContactMoment.happened_on.desc(), ContactMoment.id.desc())
    ).all()
    with_notes = [moment.id for moment in moments if moment.note]
    if with_notes and actor.role is not Role.VOLUNTEER:
        audit.record(session, "contact.notes_viewed", "match", match.id,
                     actor_user_id=actor.user_id, moment_ids=with_notes)
    return ContactLog(match.id, match.state, agreement_of(session, match.id),
                      [_line(moment, actor) for moment in moments])


def _own_moment(session: Session, actor: Actor, moment_id: int) -> ContactMoment:
    moment = session.get(ContactMoment, moment_id)
    if moment is None:
        raise OutOfScope(f"moment {moment_id}")
    match_for(session, actor, Permission.RECORD_CONTACT, moment.match_id)
    if moment.created_by_id != actor.user_id:
        raise OutOfScope(f"moment {moment_id}")
    return moment


def _line(moment: ContactMoment, actor: Actor) -> MomentLine:
    return MomentLine(moment.id, moment.happened_on, moment.minutes, moment.way,
                      tuple(moment.topics), moment.mood, moment.reached, moment.note,
                      moment.created_at, _correctable(moment, actor))


def _correctable(moment: ContactMoment, actor: Actor) -> bool:
    return (moment.created_by_id == actor.user_id
            and clock.now() - moment.created_at <= timedelta(days=CORRECTION_DAYS))


def _checked(entry: MomentEntry, match: Match) -> dict[str, object]:
    """The column values of ``entry``, or the first field's refusal."""
    if entry.happened_on is None:
        raise ContactRefused("happened_on", "date_missing")
    if entry.happened_on > today():
        raise ContactRefused("happened_on", "future_date")
    started_on = _started_on(match)
    if started_on is not None and entry.happened_on < started_on:
        raise ContactRefused("happened_on", "before_match_start", started_on=started_on)
    if entry.minutes is None or not MIN_MINUTES <= entry.minutes <= MAX_MINUTES:
        raise ContactRefused("minutes", "minutes_range", low=MIN_MINUTES, high=MAX_MINUTES)
    if entry.way not in CONTACT_WAY_CODES:
        raise ContactRefused("way", "unknown_way")
    if any(topic not in CONTACT_TOPIC_CODES for topic in entry.topics):
        raise ContactRefused("topics", "unknown_topic")
    if entry.mood not in CONTACT_MOOD_CODES:
        raise ContactRefused("mood", "unknown_mood")
    note = (entry.note or "").strip() or None
    if note is not None and len(note) > NOTE_LIMIT:
        raise ContactRefused("note", "text_too_long", limit=NOTE_LIMIT)
    return {
        "happened_on": entry.happened_on,
        "minutes": entry.minutes,
        "way": entry.way,
        "topics": sorted(set(entry.topics), key=CONTACT_TOPIC_CODES.index),
        "mood": entry.mood,
        "reached": bool(entry.reached),
        "note": note,
    }


def _started_on(match: Match) -> date | None:
    if match.started_at is None:
        return None
    return local_date(match.started_at)
