"""How long a live pair has been out of contact, and which escalation steps are due.

An episode of silence starts on the day of the last contact moment that reached the
pupil, or on the match's start when there is none; days a holiday pause covers do not
count. When each step is due is the pair's region's :class:`~matcher.contacts.thresholds.
Thresholds` (the programme's defaults where the region set none), read with the pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.contacts.rhythm import DEFAULT_RHYTHM
from matcher.contacts.thresholds import DEFAULTS, Thresholds, thresholds_by_region
from matcher.db.models import ContactAgreement, ContactMoment, HolidayPause, Match, Pupil, School
from matcher.db.models.contacts import ESCALATION_STEPS
from matcher.shared.clock import local_date


@dataclass(frozen=True)
class Silence:
    """One live pair's current episode without a reached contact."""

    match_id: int
    region_id: int
    episode_start: date
    silent_days: int
    unreached_in_a_row: int
    paused_today: bool
    rhythm: str
    thresholds: Thresholds


def due_steps(silence: Silence) -> tuple[str, ...]:
    """The steps whose threshold this episode has passed, in the order of the steps."""
    days, limits = silence.silent_days, silence.thresholds
    reached = {
        "reminder": days >= limits.reminder_day(silence.rhythm),
        "attention": days >= limits.attention_day,
        "school_notice": days >= limits.school_notice_day
        or silence.unreached_in_a_row >= limits.unreached_in_a_row,
    }
    return tuple(step for step in ESCALATION_STEPS if reached[step])


def silences(
    session: Session, day: date, region_ids: frozenset[int] | None = None
) -> list[Silence]:
    """The current episode of every active match (in ``region_ids``; ``None`` is all), by id.

    Callers have decided who may read these: the worker (the system) or a use case that
    checked its actor.
    """
    query = (
        select(Match.id, Match.started_at, School.region_id, ContactAgreement.rhythm)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .outerjoin(ContactAgreement, ContactAgreement.match_id == Match.id)
        .where(Match.state == "active", Match.started_at.is_not(None))
        .order_by(Match.id)
    )
    if region_ids is not None:
        query = query.where(School.region_id.in_(region_ids))
    rows = session.execute(query).all()
    ids = [row.id for row in rows]
    thresholds = thresholds_by_region(session, {row.region_id for row in rows})
    moments, pauses = _moments_by_match(session, ids), _pauses_by_match(session, ids, day)
    found = []
    for row in rows:
        start = local_date(row.started_at)
        unreached = 0
        for happened_on, reached in moments.get(row.id, ()):
            if reached:
                start, unreached = max(start, happened_on), 0
            else:
                unreached += 1
        paused = paused_days(pauses.get(row.id, ()), start, day)
        found.append(Silence(
            match_id=row.id, region_id=row.region_id, episode_start=start,
            silent_days=max((day - start).days - len(paused), 0),
            unreached_in_a_row=unreached, paused_today=day in paused,
            rhythm=row.rhythm or DEFAULT_RHYTHM,
            thresholds=thresholds.get(row.region_id, DEFAULTS),
        ))
    return found


def _moments_by_match(session: Session, ids: list[int]) -> dict[int, list[tuple[date, bool]]]:
    by_match: dict[int, list[tuple[date, bool]]] = defaultdict(list)
    if ids:
        for match_id, happened_on, reached in session.execute(
            select(ContactMoment.match_id, ContactMoment.happened_on, ContactMoment.reached)
            .where(ContactMoment.match_id.in_(ids))
            .order_by(ContactMoment.match_id, ContactMoment.happened_on, ContactMoment.id)
        ):
            by_match[match_id].append((happened_on, reached))
    return by_match


def _pauses_by_match(
    session: Session, ids: list[int], day: date
) -> dict[int, list[tuple[date, date]]]:
    by_match: dict[int, list[tuple[date, date]]] = defaultdict(list)
    if ids:
        for match_id, starts_on, ends_on in session.execute(
            select(HolidayPause.match_id, HolidayPause.starts_on, HolidayPause.ends_on)
            .where(HolidayPause.match_id.in_(ids), HolidayPause.starts_on <= day)
        ):
            by_match[match_id].append((starts_on, ends_on))
    return by_match


def paused_days(pauses: Iterable[tuple[date, date]], start: date, day: date) -> set[date]:
    """The days after ``start`` up to and including ``day`` that a pause covers."""
    covered: set[date] = set()
    for starts_on, ends_on in pauses:
        first, last = max(starts_on, start + timedelta(days=1)), min(ends_on, day)
        covered.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return covered
