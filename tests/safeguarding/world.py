"""Two regions, each with an active pair whose school has a designated contact (tests only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from matcher.db.models import Match, Pupil, User, user_schools
from matcher.safeguarding.concerns import ConcernFacts
from tests.contacts.world import NOW, STARTED, TODAY, add_pair
from tests.matches import world
from tests.matches.world import actor_of

OBSERVATION = "Blauwe plekken op beide armen, zei dat hij van de trap was gevallen"
WORDS = "Papa wordt boos als ik te laat thuis ben"
BASE_URL = "https://koppel.test"


@dataclass(frozen=True)
class Side:
    """One region's pair and the people who may handle a concern about its pupil."""

    match: int
    volunteer_user: int
    coordinator: int
    second_coordinator: int
    designated: int
    school_contact: int
    school: int
    region: int


def add_side(session, slug: str) -> Side:
    pair = add_pair(session, slug)
    school_id = session.get(Pupil, pair.pupil).school_id
    second = world.add_coordinator(session, session.get(User, pair.coordinator).regions[0])
    designated, contact = (
        session.scalar(
            select(User.id).join(user_schools, user_schools.c.user_id == User.id)
            .where(user_schools.c.school_id == school_id, User.role == role)
        )
        for role in ("designated_contact", "school")
    )
    return Side(pair.match, pair.volunteer_user, pair.coordinator, second.id, designated,
                contact, school_id, pair.region)


def facts(**changes) -> ConcernFacts:
    values = {"observation": OBSERVATION, "observed_on": TODAY - timedelta(days=1),
              "pupil_words": WORDS, "in_danger": False}
    return ConcernFacts(**{**values, **changes})


__all__ = ["NOW", "STARTED", "TODAY", "Match", "Side", "actor_of", "add_side", "facts"]
