"""How long a live pair has been out of contact, and which escalation steps are due.

An episode of silence starts on the day of the last contact moment that reached the
pupil, or on the match's start when there is none; days a holiday pause covers do not
count. When each step is due is the pair's region's :class:`~matcher.contacts.thresholds.
Thresholds` (the programme's defaults where the region set none), read with the pairs.

The figures per pair come from one pass of SQL over the pairs' moments
(:func:`reach_figures`), so the hourly job and the pages cost the same whether a pair
logged ten moments or a thousand; only the holiday pauses, which are few, are read as
rows. :mod:`matcher.contacts.live_pairs` reads the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, Subquery, case, func, select
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
    live = select(Match.id).join(Pupil, Match.pupil_id == Pupil.id).join(
        School, Pupil.school_id == School.id
    ).where(Match.state == "active", Match.started_at.is_not(None))
    if region_ids is not None:
        live = live.where(School.region_id.in_(region_ids))
    figures = reach_figures(live)
    rows = session.execute(
        select(Match.id, Match.started_at, School.region_id, ContactAgreement.rhythm,
               figures.c.last_reached_on, figures.c.unreached)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .outerjoin(ContactAgreement, ContactAgreement.match_id == Match.id)
        .outerjoin(figures, figures.c.match_id == Match.id)
        .where(Match.id.in_(live))
        .order_by(Match.id)
    ).all()
    thresholds = thresholds_by_region(session, {row.region_id for row in rows})
    pauses = pauses_by_match(session, live, day)
    found = []
    for row in rows:
        started_on = local_date(row.started_at)
        start = max(started_on, row.last_reached_on or started_on)
        paused = paused_days(pauses.get(row.id, ()), start, day)
        found.append(Silence(
            match_id=row.id, region_id=row.region_id, episode_start=start,
            silent_days=max((day - start).days - len(paused), 0),
            unreached_in_a_row=row.unreached or 0, paused_today=day in paused,
            rhythm=row.rhythm or DEFAULT_RHYTHM,
            thresholds=thresholds.get(row.region_id, DEFAULTS),
        ))
    return found


def reach_figures(live: Select[Any]) -> Subquery:
    """Per match in ``live`` (a select of match ids): ``last_reached_on``, the day of the
    last moment that reached the pupil, and ``unreached``, the moments after it that did
    not (the attempts in a row).

    One pass: a window counts, newest first (day, then the order they were logged), the
    reached moments seen so far; the unreached ones before the first of those are the
    attempts since the pupil was last reached.
    """
    moment = ContactMoment
    reached_since = func.sum(case((moment.reached, 1), else_=0)).over(
        partition_by=moment.match_id, order_by=(moment.happened_on.desc(), moment.id.desc()))
    ordered = (
        select(moment.match_id, moment.happened_on, moment.reached,
               reached_since.label("reached_since"))
        .where(moment.match_id.in_(live))
        .subquery()
    )
    return (
        select(ordered.c.match_id,
               func.max(case((ordered.c.reached, ordered.c.happened_on)))
               .label("last_reached_on"),
               func.sum(case((ordered.c.reached_since == 0, 1), else_=0)).label("unreached"))
        .group_by(ordered.c.match_id)
        .subquery()
    )


def pauses_by_match(
    session: Session, live: Select[Any], day: date
) -> dict[int, list[tuple[date, date]]]:
    """The holiday pauses begun by ``day`` of the matches in ``live``, per match."""
    by_match: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for match_id, starts_on, ends_on in session.execute(
        select(HolidayPause.match_id, HolidayPause.starts_on, HolidayPause.ends_on)
        .where(HolidayPause.match_id.in_(live), HolidayPause.starts_on <= day)
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
