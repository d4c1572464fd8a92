"""Who a coordinator can choose from when making a match by hand.

The manual match page lists the waiting pupils of a region (most urgent and longest
waiting first) and the volunteers who could take one now: approved, with a valid VOG
and a free place. Whether a chosen pair breaks a hard rule is then
:func:`matcher.matches.decisions.check_manual_match`'s question, not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil, School, User, VolunteerProfile
from matcher.db.queries import live_match_counts
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.instance_builder import WAITING_STATES
from matcher.matching.vog_validity import ScreeningPolicy, today
from matcher.shared import clock
from matcher.shared.states import LIVE_MATCH_STATES
from matcher.shared.vocabulary import PRIORITY_CODES

MAX_LISTED = 200


@dataclass(frozen=True)
class PupilChoice:
    """A waiting pupil as the chooser shows them."""

    id: int
    reference: str
    school_year: int
    level: str
    subjects: tuple[str, ...]
    priority: str
    waiting_days: int


@dataclass(frozen=True)
class VolunteerChoice:
    """An eligible volunteer as the chooser shows them."""

    id: int
    name: str
    subjects: tuple[str, ...]
    levels: tuple[str, ...]
    mode: str
    free_places: int


def waiting_pupils(session: Session, region_id: int) -> list[PupilChoice]:
    """The region's pupils who wait for a buddy, most urgent and longest waiting first."""
    now = clock.now()
    pupils = session.scalars(
        select(Pupil).join(School, Pupil.school_id == School.id).where(
            School.region_id == region_id, Pupil.state.in_(WAITING_STATES),
            Pupil.anonymised_at.is_(None),
        )
    ).all()
    taken = set(session.scalars(select(Match.pupil_id).where(
        Match.pupil_id.in_([p.id for p in pupils]), Match.state.in_(LIVE_MATCH_STATES))))
    chosen = [
        PupilChoice(p.id, p.reference or f"#{p.id}", p.school_year, p.level, tuple(p.subjects),
                    p.priority, p.waiting_days(now))
        for p in pupils if p.id not in taken
    ]
    chosen.sort(key=lambda p: (PRIORITY_CODES.index(p.priority), -p.waiting_days, p.reference))
    return chosen


def eligible_volunteers(
    session: Session, region_id: int, *, policy: ScreeningPolicy, search: str = "",
    subject: str = "",
) -> list[VolunteerChoice]:
    """Approved volunteers of the region with a valid VOG and a free place.

    ``search`` matches part of the name (any case); ``subject`` keeps those who help
    with that subject. At most :data:`MAX_LISTED`, by name.
    """
    live = live_match_counts()
    query = (
        select(VolunteerProfile, User.display_name, func.coalesce(live.c.live, 0))
        .join(User, VolunteerProfile.user_id == User.id)
        .outerjoin(live, live.c.volunteer_id == VolunteerProfile.id)
        .where(
            VolunteerProfile.region_id == region_id,
            eligible_for_matching(policy, today()),
            func.coalesce(live.c.live, 0) < VolunteerProfile.capacity,
        )
        .order_by(User.display_name, VolunteerProfile.id)
    )
    wanted = search.strip().lower()
    found = []
    for profile, name, live_count in session.execute(query):
        if wanted and wanted not in (name or "").lower():
            continue
        if subject and subject not in profile.subjects:
            continue
        found.append(VolunteerChoice(profile.id, name or f"#{profile.id}", tuple(profile.subjects),
                                     tuple(profile.levels), profile.mode,
                                     profile.capacity - live_count))
        if len(found) == MAX_LISTED:
            break
    return found
