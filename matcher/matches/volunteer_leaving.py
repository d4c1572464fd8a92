"""What happens to a volunteer's matches when they leave matching (paused, rejected, stopped).

Approval re-checks the volunteer, but a match that is already approved waits only
for the volunteer's answer, and that answer link would still work: a volunteer a
coordinator rejected or paused (perhaps over a safeguarding concern), or who paused
or stopped themselves, could still accept and be introduced to the school. So the
moment a volunteer leaves matching, their undecided proposals and their approved
but unanswered matches are superseded: the links stop working, the pupils wait
again (their waiting clock never stopped for a proposal) and the places are free.

A volunteer who stops altogether also ends their active matches, for "volunteer
stopped": the pupil goes back on the waiting list keeping the days already waited,
and the school contacts and the region's coordinators are told by mail.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.lifecycle import OPEN_MATCH_STATES, release_pupils, supersede
from matcher.db.models import Match, VolunteerProfile
from matcher.db.queries import lock_pupils, lock_volunteer
from matcher.matches.answers import end_active
from matcher.matches.lifecycle import UNDECIDED_STATES
from matcher.privacy import audit
from matcher.shared import clock

STOPPED_REASON = "volunteer_stopped"


def release_undecided_matches(
    session: Session, volunteer_id: int, *, actor_user_id: int | None
) -> list[int]:
    """Supersede the volunteer's proposals and unanswered approved matches; returns their ids.

    Call it *before* changing the volunteer's row: it takes the locks in the order
    of :func:`lock_pupils_then_volunteer`. Each superseded approved match is audited
    (ids only).
    """
    lock_pupils_then_volunteer(session, volunteer_id)
    now = clock.now()
    released = _matches(session, volunteer_id, UNDECIDED_STATES)
    for match in released:
        if match.state == "approved":
            audit.record(session, "match_released", "match", match.id,
                         actor_user_id=actor_user_id, pupil_id=match.pupil_id,
                         volunteer_id=volunteer_id)
        supersede(match, now)
    release_pupils(session, (match.pupil_id for match in released))
    return [match.id for match in released]


def end_active_matches(session: Session, volunteer_id: int, *, actor_user_id: int) -> list[int]:
    """End the volunteer's active matches because they stopped; returns the match ids."""
    active = [match.id for match in _matches(session, volunteer_id, ("active",))]
    for match_id in active:
        end_active(session, match_id, actor_user_id=actor_user_id, reason_code=STOPPED_REASON)
    return active


def lock_pupils_then_volunteer(session: Session, volunteer_id: int) -> VolunteerProfile | None:
    """Lock the pupils of every open match of the volunteer (by id), then the volunteer.

    The order of :mod:`matcher.db.queries`: the pupils of active matches too, so
    ending those afterwards (:func:`end_active_matches`) takes no pupil lock after
    the volunteer's, and never waits in a circle with an approval.
    """
    open_matches = _matches(session, volunteer_id, OPEN_MATCH_STATES)
    lock_pupils(session, (match.pupil_id for match in open_matches))
    return lock_volunteer(session, volunteer_id)


def _matches(session: Session, volunteer_id: int, states: tuple[str, ...]) -> list[Match]:
    return list(session.scalars(
        select(Match)
        .where(Match.volunteer_id == volunteer_id, Match.state.in_(states))
        .order_by(Match.id)
        # Read again after the locks: an approval may just have changed a match.
        .execution_options(populate_existing=True)
    ))
