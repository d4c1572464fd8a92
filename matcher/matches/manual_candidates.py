"""Who a coordinator can choose from when making a match by hand, and the chosen pair.

The manual match page lists the waiting pupils of a region (most urgent and longest
waiting first) and the volunteers who could take one now: approved, with a valid VOG
and a free place (:func:`manual_choices`). Whether a chosen pair breaks a hard rule is
:func:`matcher.matches.decisions.check_manual_match`'s question; :func:`manual_pair`
shows the pair with that answer. Both require DECIDE_MATCH in the region and audit
which pupils the coordinator saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Scope, require
from matcher.db.models import Match, Pupil, School, User, VolunteerProfile
from matcher.db.queries import live_match_counts
from matcher.matches.decisions import check_manual_match
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.instance_builder import WAITING_STATES
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.clock import today
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


@dataclass(frozen=True)
class ManualChoices:
    """The chooser's two lists for one region."""

    pupils: list[PupilChoice]
    volunteers: list[VolunteerChoice]


@dataclass(frozen=True)
class ManualPair:
    """A chosen pair as the check page shows it (plain values), with what the check found."""

    pupil: PupilChoice
    volunteer_name: str
    volunteer_subjects: tuple[str, ...]
    problems: tuple[str, ...]


def manual_choices(
    session: Session, actor: Actor, region_id: int, *, policy: ScreeningPolicy,
    search: str = "", subject: str = "",
) -> ManualChoices:
    """The region's waiting pupils and eligible volunteers; listing the pupils is audited."""
    require(actor, Permission.DECIDE_MATCH, Scope(region_id=region_id))
    pupils = waiting_pupils(session, region_id)
    volunteers = eligible_volunteers(session, region_id, policy=policy, search=search,
                                     subject=subject)
    audit.record(session, "pupil.list", "region", region_id, actor_user_id=actor.user_id,
                 pupil_ids=[p.id for p in pupils])
    return ManualChoices(pupils, volunteers)


def manual_pair(
    session: Session, actor: Actor, *, volunteer_id: int, pupil_id: int, policy: ScreeningPolicy
) -> ManualPair:
    """The chosen pair and the rules it breaks; ``OutOfScope`` when either is unknown or
    outside the actor's regions. Showing the pupil is audited."""
    problems = check_manual_match(session, actor, volunteer_id=volunteer_id, pupil_id=pupil_id,
                                  policy=policy)
    pupil, volunteer = session.get(Pupil, pupil_id), session.get(VolunteerProfile, volunteer_id)
    if pupil is None or volunteer is None or volunteer.region_id is None:
        raise OutOfScope("pupil or volunteer")
    audit.record(session, "pupil.view", "pupil", pupil.id, actor_user_id=actor.user_id)
    shown = PupilChoice(pupil.id, pupil.reference or f"#{pupil.id}", pupil.school_year,
                        pupil.level, tuple(pupil.subjects), pupil.priority,
                        pupil.waiting_days(clock.now()))
    name = volunteer.user.display_name or f"#{volunteer.id}"
    return ManualPair(shown, name, tuple(volunteer.subjects), problems)
