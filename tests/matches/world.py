"""Builders for a small world of regions, schools and people (tests only)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from itertools import count

from matcher.accounts.permissions import Actor, Role
from matcher.db.models import Pupil, Region, School, User, VolunteerProfile
from matcher.shared import conduct

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
BASE_URL = "https://koppel.test"
# The answer link in a proposal mail; group 1 is the raw token.
ANSWER_LINK = re.compile(re.escape(BASE_URL) + r"/koppeling/(\S+)")
_numbers = count(1)


def actor_of(session_or_database, user_id: int) -> Actor:
    """The account ``user_id`` as a use case sees it, its second factor passed."""
    if hasattr(session_or_database, "unit_of_work"):
        with session_or_database.unit_of_work() as session:
            return actor_of(session, user_id)
    user = session_or_database.get(User, user_id)
    return Actor(user.id, Role(user.role), frozenset(r.id for r in user.regions),
                 frozenset(s.id for s in user.schools), second_factor_passed=True)


def add_region(session, slug: str) -> Region:
    region = Region(name=slug.title(), slug=slug)
    session.add(region)
    session.flush()
    return region


def add_school(session, region: Region, *, contact: bool = True) -> School:
    n = next(_numbers)
    school = School(name=f"College {n}", brin=f"{n:02d}AB"[-4:], levels=["havo"], region=region)
    session.add(school)
    if contact:
        session.add(User(email=f"school{n}@example.org", role="school",
                         display_name=f"Contact {n}", schools=[school]))
    session.flush()
    return school


def add_coordinator(session, region: Region) -> User:
    user = User(email=f"coordinator{next(_numbers)}@example.org", role="coordinator",
                regions=[region])
    session.add(user)
    session.flush()
    return user


def add_volunteer(session, region: Region, **fields) -> VolunteerProfile:
    n = next(_numbers)
    values = {
        "subjects": ["wiskunde"], "levels": ["havo"], "languages": ["nl"],
        "availability": [{"day": "mon", "start": 900, "end": 1020}],
        "mode": "online", "capacity": 1, "screening_state": "approved",
        "vog_issued_on": date(2024, 6, 1), "conduct_version": conduct.CURRENT_VERSION,
        "training_completed_on": date(2024, 6, 1), **fields,
    }
    profile = VolunteerProfile(
        user=User(email=f"volunteer{n}@example.org", role="volunteer",
                  display_name=f"Volunteer Naam{n}"),
        region=region, **values,
    )
    session.add(profile)
    session.flush()
    return profile


def add_pupil(session, school: School, **fields) -> Pupil:
    n = next(_numbers)
    values = {
        "reference": f"REF-{n}", "school_year": 2, "level": "havo", "subjects": ["wiskunde"],
        "availability": [{"day": "mon", "start": 900, "end": 1020}], "mode": "online",
        "pc4": 3511, "priority": "normal", "waiting_since": NOW - timedelta(days=10),
        **fields,
    }
    pupil = Pupil(school=school, **values)
    session.add(pupil)
    session.flush()
    return pupil
