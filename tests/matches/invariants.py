"""What must hold for the whole database after any sequence of use cases (tests only).

:func:`problems` reads every pupil, volunteer and match and lists each broken rule as
a sentence naming ids, so a failing property test says what went wrong where.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Match, MatchingRun, Pupil, VolunteerProfile
from matcher.shared.states import LIVE_MATCH_STATES

# A pupil in these states is on the waiting list, so their waiting clock runs.
_WAITING = ("waiting", "proposed")
# A volunteer in these states has left matching: no answer link of theirs may work.
_LEFT = ("paused", "rejected", "withdrawn")


def problems(session: Session, now: datetime) -> list[str]:
    """Every rule the data breaks now, as sentences (empty when all is well)."""
    matches = list(session.scalars(select(Match).order_by(Match.id)))
    by_pupil: dict[int, Counter[str]] = defaultdict(Counter)
    live_per_volunteer: Counter[int] = Counter()
    for match in matches:
        by_pupil[match.pupil_id][match.state] += 1
        if match.state in LIVE_MATCH_STATES:
            live_per_volunteer[match.volunteer_id] += 1
    open_runs = set(session.scalars(select(MatchingRun.id).where(MatchingRun.state == "open")))
    found = []
    for pupil in session.scalars(select(Pupil).order_by(Pupil.id)):
        found += _pupil_problems(pupil, by_pupil[pupil.id])
    for volunteer in session.scalars(select(VolunteerProfile).order_by(VolunteerProfile.id)):
        live = live_per_volunteer[volunteer.id]
        if live > volunteer.capacity:
            found.append(f"volunteer {volunteer.id} has {live} live matches, "
                         f"capacity {volunteer.capacity}")
    for match in matches:
        found += _match_problems(match, open_runs)
    return found


def _pupil_problems(pupil: Pupil, states: Counter[str]) -> list[str]:
    found = []
    said = f"pupil {pupil.id} ({pupil.state}, matches {dict(states)})"
    if (pupil.state == "matched") != (states["active"] > 0):
        found.append(f"{said}: 'matched' iff it has an active match")
    if states["approved"] and pupil.state != "proposed":
        found.append(f"{said}: an approved match makes the pupil 'proposed'")
    if (pupil.state == "proposed") != bool(states["proposed"] or states["approved"]):
        found.append(f"{said}: 'proposed' iff it has a proposal or an approved match")
    if states["active"] + states["approved"] > 1:
        found.append(f"{said}: more than one live match")
    if (pupil.waiting_since is not None) != (pupil.state in _WAITING):
        found.append(f"{said}: waiting_since {pupil.waiting_since} set iff waiting")
    if pupil.state in ("ended", "withdrawn") and (
        states["proposed"] or states["approved"] or states["active"]
    ):
        found.append(f"{said}: a closed request still has an open match")
    return found


def _match_problems(match: Match, open_runs: set[int]) -> list[str]:
    said = f"match {match.id} ({match.state})"
    volunteer = match.volunteer
    if match.state == "proposed" and match.run_id not in open_runs:
        return [f"{said}: a proposal outside an open run"]
    if match.state == "approved" and (
        volunteer.screening_state in _LEFT or volunteer.anonymised_at is not None
    ):
        return [f"{said}: awaits the answer of volunteer {volunteer.id}, who is "
                f"{volunteer.screening_state}"]
    if match.state == "active" and (
        volunteer.screening_state == "withdrawn" or volunteer.anonymised_at is not None
    ):
        return [f"{said}: goes on after volunteer {volunteer.id} stopped"]
    return []

