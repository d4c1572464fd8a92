"""Re-checking a pair against the data as it is now, before a coordinator's decision.

A proposal may be hours old when it is approved: the volunteer may have paused, their
VOG may have expired, another coordinator may have given them their last free place,
or the pupil's hours may have changed. :func:`pair_problems` lists what stands in the
way, as codes; who may be matched at all is :mod:`matcher.matching.eligibility`'s rule, the
one the runs filter with; the hard rules of the matching contract are checked by running the pair
through the same core as a run (a one-by-one instance), so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil, VolunteerProfile
from matcher.db.queries import live_match, live_match_count
from matcher.matching.eligibility import volunteer_problems
from matcher.matching.instance import parse_instance
from matcher.matching.instance_builder import REFUSED_STATES, WAITING_STATES, pair_document
from matcher.matching.solve import match_instance
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.shared.clock import today


@dataclass(frozen=True)
class PairCheck:
    """What stands in the way of a pair (codes), and how it would meet."""

    problems: tuple[str, ...]
    mode: str | None


def pupil_problems(session: Session, pupil: Pupil) -> tuple[str, ...]:
    """Codes that make it impossible to give ``pupil`` a buddy now (no override)."""
    if live_match(session, pupil.id) is not None:
        return ("pupil_has_buddy",)
    if pupil.state not in WAITING_STATES or pupil.anonymised_at is not None:
        return ("pupil_not_waiting",)
    return ()


def pair_problems(
    session: Session,
    volunteer: VolunteerProfile,
    pupil: Pupil,
    *,
    cross_region_online: bool,
    min_overlap_minutes: int,
    policy: ScreeningPolicy,
) -> PairCheck:
    """The volunteer's eligibility, capacity, earlier refusals and the hard rules."""
    now = clock.now()
    problems: list[str] = list(volunteer_problems(session, volunteer.id, policy, today()))
    if live_match_count(session, volunteer.id) >= volunteer.capacity:
        problems.append("capacity_reached")
    refused = session.scalar(select(Match.id).where(
        Match.volunteer_id == volunteer.id, Match.pupil_id == pupil.id,
        Match.state.in_(REFUSED_STATES),
    ))
    if refused is not None:
        problems.append("refused_before")
    options = {"min_overlap_minutes": min_overlap_minutes,
               "cross_region_online": cross_region_online}
    document = pair_document(session, volunteer, pupil, now=now, options=options)
    if document is None:
        return PairCheck((*problems, "no_common_mode"), None)
    result = match_instance(parse_instance(document))
    if result.matches:
        return PairCheck(tuple(problems), result.matches[0].mode)
    return PairCheck((*problems, *(r.code for r in result.unmatched[0].reasons)), None)
