"""The coordinator's list of live pairs with each pair's health signal.

The figures behind the signal (:mod:`matcher.contacts.health`) are the ones the
escalation reads: per match the day of the last moment that reached the pupil and the
unreached moments after it, in one pass over the pairs' moments
(:func:`matcher.contacts.silence.reach_figures`); the holiday pauses and each side's
latest answered check-in are few and read as rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require, visible_regions
from matcher.contacts.health import Health, assess
from matcher.contacts.rhythm import DEFAULT_RHYTHM
from matcher.contacts.silence import paused_days, pauses_by_match, reach_figures
from matcher.contacts.thresholds import DEFAULTS, Thresholds, thresholds_by_region
from matcher.db.models import (
    ContactAgreement,
    Match,
    PairQuestionnaire,
    Pupil,
    School,
    User,
    VolunteerProfile,
)
from matcher.shared.clock import local_date, today

ORDERS = ("signal", "started")
CHECK_INS = ("week_4", "week_12")


@dataclass(frozen=True)
class LivePair:
    """One live pair as the coordinator's list shows it."""

    match_id: int
    pupil_id: int
    reference: str
    school: str
    volunteer_first_name: str
    started_on: date
    rhythm: str
    last_reached_on: date | None
    silent_days: int
    health: Health


def live_pairs(session: Session, actor: Actor, *, order: str = "signal") -> list[LivePair]:
    """Every active match in the actor's regions (admins: all) with its health signal.

    ``order`` is ``signal`` (red first, then the longest silent) or ``started`` (the
    newest pair first); another value raises :class:`ValueError`.
    """
    require(actor, Permission.COORDINATOR_AREA)
    if order not in ORDERS:
        raise ValueError(f"order: one of {ORDERS}")
    day = today()
    region_ids = visible_regions(actor)
    live = _live(region_ids, Match.id)
    pauses = pauses_by_match(session, live, day)
    checkins = _latest_checkins(session, live)
    thresholds = thresholds_by_region(session, region_ids)
    found = []
    for row in session.execute(_pairs_query(region_ids, live)):
        silent, health = _signal(row, day, pauses.get(row.id, ()), checkins.get(row.id, ()),
                                 thresholds.get(row.region_id, DEFAULTS))
        found.append(LivePair(
            match_id=row.id, pupil_id=row.pupil_id, reference=row.reference or f"#{row.pupil_id}",
            school=row.school, volunteer_first_name=(row.name or "").split(" ")[0],
            started_on=local_date(row.started_at), rhythm=row.rhythm or DEFAULT_RHYTHM,
            last_reached_on=row.last_reached_on, silent_days=silent, health=health,
        ))
    if order == "started":
        return sorted(found, key=lambda pair: (pair.started_on, pair.match_id), reverse=True)
    return sorted(found, key=lambda pair: (pair.health.rank, -pair.silent_days, pair.match_id))


def _live(region_ids: frozenset[int] | None, *columns: Any) -> Select[Any]:
    """``columns`` of the active matches in ``region_ids`` (``None``: every region)."""
    query = (
        select(*columns)
        .select_from(Match)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(Match.state == "active", Match.started_at.is_not(None))
    )
    return query if region_ids is None else query.where(School.region_id.in_(region_ids))


def _pairs_query(region_ids: frozenset[int] | None, live: Select[Any]) -> Select[Any]:
    """Each live pair with its last reached day and the unreached moments after it."""
    figures = reach_figures(live)
    return (
        _live(region_ids, Match.id, Match.started_at, Pupil.id.label("pupil_id"),
              Pupil.reference, School.name.label("school"), School.region_id,
              User.display_name.label("name"), ContactAgreement.rhythm,
              figures.c.last_reached_on, figures.c.unreached)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(User, VolunteerProfile.user_id == User.id)
        .outerjoin(ContactAgreement, ContactAgreement.match_id == Match.id)
        .outerjoin(figures, figures.c.match_id == Match.id)
    )


def _latest_checkins(session: Session, live: Select[Any]) -> dict[int, list[list[int]]]:
    """Per match the scores of each side's latest answered check-in."""
    latest: dict[tuple[int, str], list[int]] = {}
    for match_id, side, scores in session.execute(
        select(PairQuestionnaire.match_id, PairQuestionnaire.side, PairQuestionnaire.scores)
        .where(PairQuestionnaire.match_id.in_(live), PairQuestionnaire.kind.in_(CHECK_INS),
               PairQuestionnaire.answered_at.is_not(None))
        .order_by(PairQuestionnaire.answered_at, PairQuestionnaire.id)
    ):
        latest[(match_id, side)] = list(scores or ())
    found: dict[int, list[list[int]]] = defaultdict(list)
    for (match_id, _side), scores in latest.items():
        found[match_id].append(scores)
    return found


def pair_health(session: Session, match_id: int) -> Health | None:
    """The signal of one active match (``None`` when it is not active), for a page whose
    use case already checked who may read the match."""
    day = today()
    live = select(Match.id).where(
        Match.id == match_id, Match.state == "active", Match.started_at.is_not(None))
    figures = reach_figures(live)
    row = session.execute(
        select(Match.started_at, School.region_id, ContactAgreement.rhythm,
               figures.c.last_reached_on, figures.c.unreached)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .outerjoin(ContactAgreement, ContactAgreement.match_id == Match.id)
        .outerjoin(figures, figures.c.match_id == Match.id)
        .where(Match.id.in_(live))
    ).one_or_none()
    if row is None:
        return None
    _silent, health = _signal(
        row, day, pauses_by_match(session, live, day).get(match_id, ()),
        _latest_checkins(session, live).get(match_id, ()),
        thresholds_by_region(session, {row.region_id}).get(row.region_id, DEFAULTS))
    return health


def _signal(row: Any, day: date, pauses: Sequence[tuple[date, date]],
            checkins: Sequence[Sequence[int]], thresholds: Thresholds) -> tuple[int, Health]:
    """The days out of sight (paused days excluded) and the signal of one pair's row."""
    started_on = local_date(row.started_at)
    start = max(started_on, row.last_reached_on or started_on)
    silent = max((day - start).days - len(paused_days(pauses, start, day)), 0)
    return silent, assess(silent_days=silent, rhythm=row.rhythm or DEFAULT_RHYTHM,
                          unreached_in_a_row=row.unreached or 0, checkins=checkins,
                          thresholds=thresholds)
