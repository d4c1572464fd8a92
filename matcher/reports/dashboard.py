"""Figures for a region's dashboard: who is waiting, who is available, what is missing.

The queries load plain tuples; the arithmetic is in pure functions
(:func:`waiting_histogram`, :func:`supply_and_demand`) that tests can check with
exact numbers. Nothing here names a person. :func:`region_figures` takes the acting
person as an :class:`~matcher.accounts.permissions.Actor` and requires
``COORDINATOR_AREA`` on the region.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.models import Match, MatchingRun, Pupil, School, VolunteerProfile
from matcher.db.queries import live_match_counts
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.shared.clock import today
from matcher.shared.states import MATCH_STATES, SCREENING_STATES

# Waiting-time buckets in days: (first, last); ``None`` is open-ended.
BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 7),
    (8, 14),
    (15, 30),
    (31, 60),
    (61, 90),
    (91, None),
)
RECENT_RUNS = 5


@dataclass(frozen=True)
class Bucket:
    first: int
    last: int | None
    count: int


@dataclass(frozen=True)
class RunRate:
    """How much of the waiting list one matching run could serve."""

    run_id: int
    created_at: datetime
    proposed: int
    unmatched: int

    @property
    def rate(self) -> float:
        total = self.proposed + self.unmatched
        return self.proposed / total if total else 0.0


@dataclass(frozen=True)
class SupplyDemand:
    """Waiting pupils asking for a subject at a level against free volunteer places."""

    subject: str
    level: str
    demand: int
    supply: int

    @property
    def shortage(self) -> int:
        return max(self.demand - self.supply, 0)


@dataclass(frozen=True)
class RegionFigures:
    volunteers_by_state: dict[str, int]
    pupils_waiting: int
    waiting: tuple[Bucket, ...]
    median_waiting_days: float | None
    matches_by_state: dict[str, int]
    runs: tuple[RunRate, ...]
    supply_demand: tuple[SupplyDemand, ...]


def waiting_histogram(days: Iterable[int]) -> tuple[Bucket, ...]:
    """Count waiting times into :data:`BUCKETS`.

    >>> [b.count for b in waiting_histogram([0, 7, 8, 30, 200])]
    [2, 1, 1, 0, 0, 1]
    """
    counts = Counter(_bucket_of(day) for day in days)
    return tuple(Bucket(first, last, counts[i]) for i, (first, last) in enumerate(BUCKETS))


def _bucket_of(day: int) -> int:
    for index, (_first, last) in enumerate(BUCKETS):
        if last is None or day <= last:
            return index
    raise AssertionError("the last bucket is open-ended")


def supply_and_demand(
    pupils: Iterable[tuple[str, list[str]]], volunteers: Iterable[tuple[list[str], list[str], int]]
) -> tuple[SupplyDemand, ...]:
    """Per (subject, level): waiting pupils asking for it against free volunteer places.

    ``pupils`` are ``(level, subjects)``; a pupil asking for two subjects counts in both
    rows. ``volunteers`` are ``(subjects, levels, free_places)``; a volunteer's free
    places count in every row they could serve, so supply is an upper bound and a
    shortage shown here is certainly real. Sorted by shortage, largest first.

    >>> rows = supply_and_demand([("vwo", ["natuurkunde"])] * 3, [(["natuurkunde"], ["vwo"], 1)])
    >>> [(r.subject, r.level, r.demand, r.supply, r.shortage) for r in rows]
    [('natuurkunde', 'vwo', 3, 1, 2)]
    """
    demand = Counter((subject, level) for level, subjects in pupils for subject in subjects)
    supply: Counter[tuple[str, str]] = Counter()
    for subjects, levels, free in volunteers:
        for subject in subjects:
            for level in levels:
                supply[(subject, level)] += free
    rows = [
        SupplyDemand(subject, level, demand[(subject, level)], supply[(subject, level)])
        for subject, level in sorted(set(demand) | {k for k, v in supply.items() if v})
    ]
    return tuple(sorted(rows, key=lambda r: (-r.shortage, -r.demand, r.subject, r.level)))


def region_figures(
    session: Session, actor: Actor, region_id: int, policy: ScreeningPolicy
) -> RegionFigures:
    """Everything the dashboard shows for one region, as of :func:`matcher.shared.clock.now`."""
    require(actor, Permission.COORDINATOR_AREA, Scope(region_id=region_id))
    now = clock.now()
    waiting = session.scalars(
        select(Pupil)
        .join(School, Pupil.school_id == School.id)
        .where(School.region_id == region_id, Pupil.state == "waiting")
    ).all()
    days = [pupil.waiting_days(now) for pupil in waiting]
    return RegionFigures(
        volunteers_by_state=_volunteers_by_state(session, region_id),
        pupils_waiting=len(waiting),
        waiting=waiting_histogram(days),
        median_waiting_days=median(days) if days else None,
        matches_by_state=_matches_by_state(session, region_id),
        runs=_recent_runs(session, region_id),
        supply_demand=supply_and_demand(
            [(pupil.level, pupil.subjects) for pupil in waiting],
            _free_volunteers(session, region_id, policy),
        ),
    )


def _volunteers_by_state(session: Session, region_id: int) -> dict[str, int]:
    counts = dict(
        session.execute(
            select(VolunteerProfile.screening_state, func.count())
            .where(
                VolunteerProfile.region_id == region_id, VolunteerProfile.anonymised_at.is_(None)
            )
            .group_by(VolunteerProfile.screening_state)
        ).all()
    )
    return {state: counts.get(state, 0) for state in SCREENING_STATES}


def _matches_by_state(session: Session, region_id: int) -> dict[str, int]:
    counts = dict(
        session.execute(
            select(Match.state, func.count())
            .join(Pupil, Match.pupil_id == Pupil.id)
            .join(School, Pupil.school_id == School.id)
            .where(School.region_id == region_id)
            .group_by(Match.state)
        ).all()
    )
    return {state: counts.get(state, 0) for state in MATCH_STATES}


def _recent_runs(session: Session, region_id: int) -> tuple[RunRate, ...]:
    runs = session.execute(
        select(MatchingRun.id, MatchingRun.created_at, MatchingRun.result)
        .where(MatchingRun.region_id == region_id, MatchingRun.result.is_not(None))
        .order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
        .limit(RECENT_RUNS)
    ).all()
    return tuple(
        RunRate(
            run_id,
            created_at,
            sum(1 for m in result.get("matches", []) if not m.get("locked")),
            len(result.get("unmatched", [])),
        )
        for run_id, created_at, result in reversed(runs)
    )


def _free_volunteers(
    session: Session, region_id: int, policy: ScreeningPolicy
) -> list[tuple[list[str], list[str], int]]:
    live = live_match_counts()
    rows = session.execute(
        select(
            VolunteerProfile.subjects,
            VolunteerProfile.levels,
            VolunteerProfile.capacity - func.coalesce(live.c.live, 0),
        )
        .outerjoin(live, live.c.volunteer_id == VolunteerProfile.id)
        .where(VolunteerProfile.region_id == region_id, eligible_for_matching(policy, today()))
    ).all()
    return [(subjects, levels, free) for subjects, levels, free in rows if free > 0]
