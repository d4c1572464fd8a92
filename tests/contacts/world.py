"""Two regions, each with an active match, its volunteer and coordinator (tests only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from matcher.contacts.moments import MomentEntry
from matcher.db.models import Match
from tests.matches import world
from tests.matches.world import NOW, actor_of

STARTED = NOW - timedelta(days=20)
TODAY = NOW.date()


@dataclass(frozen=True)
class Pair:
    """One active match and the people around it, by id."""

    match: int
    pupil: int
    volunteer: int
    volunteer_user: int
    coordinator: int
    region: int


def add_pair(session, slug: str, *, state: str = "active") -> Pair:
    region = world.add_region(session, slug)
    coordinator = world.add_coordinator(session, region)
    school = world.add_school(session, region)
    volunteer = world.add_volunteer(session, region)
    pupil = world.add_pupil(session, school, state="matched")
    match = Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state=state, mode="online",
                  decided_at=STARTED, started_at=STARTED if state == "active" else None)
    session.add(match)
    session.flush()
    return Pair(match.id, pupil.id, volunteer.id, volunteer.user_id, coordinator.id, region.id)


def entry(**changes) -> MomentEntry:
    values = {"happened_on": TODAY - timedelta(days=1), "minutes": 30, "way": "video",
              "topics": ("wiskunde", "plannen"), "mood": "good", "reached": True,
              "note": "Samen de planning voor de toetsweek gemaakt."}
    return MomentEntry(**{**values, **changes})


__all__ = ["NOW", "STARTED", "TODAY", "Pair", "actor_of", "add_pair", "entry"]
