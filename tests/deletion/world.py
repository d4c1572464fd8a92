"""Two regions whose people carry recognisable (made-up) details, and ways to look for them.

Every planted value is unusual enough that finding it anywhere in the database after
an erasure can only mean the erasure missed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import JSON, select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import (
    Base,
    Match,
    PostcodeRange,
    Pupil,
    Region,
    School,
    User,
    VolunteerProfile,
)
from matcher.privacy import inventory
from tests.web.web_helpers import PASSWORD, Person

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
BASE_URL = "https://koppel.test"
DAY = timedelta(days=1)

# What Bettie, the volunteer who asks to be erased, told Koppel (and what was noted about her).
BETTIE = {
    "email": "bettie.bijlsma@example.org",
    "display_name": "Bettie Bijlsma",
    "phone": "0612398765",
    "motivation": "Ik help graag, groet Bettie Zonnebloem",
    "intake_notes": "Bettie woont aan de Zonnebloemstraat",
    "screening_reason": "Bettie vroeg zelf om een pauze-Zonnebloem",
}
# What the school told Koppel about Wim, whose request it withdrew.
WIM = {
    "reference": "Wim-W-1a-Tulp",
    "priority_reason": "Vader is ernstig ziek (Tulpstraat)",
    "match_reason": "Otto kent de familie Tulp",
}
OTTO = {"email": "otto.overbeek@example.org", "display_name": "Otto Overbeek"}


@dataclass(frozen=True)
class World:
    utrecht_id: int
    rotterdam_id: int
    utrecht_school_id: int
    bettie: Person
    bettie_profile_id: int
    otto: Person
    otto_profile_id: int
    school_contact: Person
    coordinator: Person
    rotterdam_coordinator: Person
    active_pupil_id: int
    active_match_id: int
    approved_pupil_id: int
    approved_match_id: int
    proposal_id: int
    withdrawn_pupil_id: int
    withdrawn_match_id: int
    waiting_pupil_id: int
    rotterdam_pupil_id: int


def build_world(database) -> World:
    """Utrecht: Bettie with an active and an approved match, Otto, four pupils; Rotterdam: one."""
    with database.unit_of_work() as session:
        utrecht = _region(session, "Utrecht", 3500)
        rotterdam = _region(session, "Rotterdam", 3000)
        school = School(name="Utrecht College", brin="11AA", levels=["havo"], region=utrecht)
        other_school = School(name="Maas College", brin="22BB", levels=["havo"], region=rotterdam)
        contact = _user(session, "school", "contact@utrecht-college.example", schools=[school])
        _user(session, "school", "contact@maas-college.example", schools=[other_school])
        coordinator = _user(session, "coordinator", "coordinator@utrecht.example",
                            regions=[utrecht])
        rotterdam_coordinator = _user(session, "coordinator", "coordinator@rotterdam.example",
                                      regions=[rotterdam])
        bettie = _volunteer(session, utrecht, BETTIE, capacity=3)
        otto = _volunteer(session, utrecht, OTTO)

        active_pupil = _pupil(session, school, "Kees-K-7c", state="matched",
                              days_waited_before=10, waiting_since=None)
        active = _match(session, bettie, active_pupil, "active", started_at=NOW - 20 * DAY)
        approved_pupil = _pupil(session, school, "Anna-A-3b", state="proposed",
                                waiting_since=NOW - 5 * DAY)
        approved = _match(session, bettie, approved_pupil, "approved")
        waiting_pupil = _pupil(session, school, "Joost-J-2c", waiting_since=NOW - 2 * DAY)
        proposal = _match(session, bettie, waiting_pupil, "proposed")
        withdrawn_pupil = _pupil(
            session, school, WIM["reference"], state="withdrawn", days_waited_before=4,
            waiting_since=None, priority="high", priority_reason=WIM["priority_reason"],
            needs=["stress_thuis"], consent_version="2025-01",
            consent_recorded_at=NOW - 30 * DAY,
        )
        withdrawn_match = _match(session, otto, withdrawn_pupil, "declined",
                                 reason=WIM["match_reason"], ended_at=NOW - 9 * DAY)
        rotterdam_pupil = _pupil(session, other_school, "Rotterdam-R-9", state="withdrawn",
                                 waiting_since=None)
        session.commit()
        return World(
            utrecht.id, rotterdam.id, school.id,
            _person(bettie.user), bettie.id, _person(otto.user), otto.id,
            _person(contact), _person(coordinator), _person(rotterdam_coordinator),
            active_pupil.id, active.id, approved_pupil.id, approved.id, proposal.id,
            withdrawn_pupil.id, withdrawn_match.id, waiting_pupil.id, rotterdam_pupil.id,
        )


def volunteer_actor(person: Person) -> Actor:
    """The volunteer ``person``, signed in."""
    return Actor(person.user_id, Role.VOLUNTEER)


def coordinator_actor(world: World) -> Actor:
    """Utrecht's coordinator, signed in with the second factor."""
    return Actor(world.coordinator.user_id, Role.COORDINATOR,
                 region_ids=frozenset({world.utrecht_id}), second_factor_passed=True)


def personal_values_left(row) -> dict[str, object]:
    """The personal columns (per the inventory) of ``row`` that still hold something.

    A nullable column must be NULL and a JSON column empty; the few personal columns
    that may not be empty keep a code from a fixed list (a level, a mode, a state),
    which identifies no one, so they are not reported.
    """
    table = row.__table__
    left = {}
    for name in inventory.personal_columns(table.name):
        column, value = table.columns[name], getattr(row, name)
        may_be_empty = column.nullable or isinstance(column.type, JSON)
        if may_be_empty and value not in (None, [], {}):
            left[name] = value
    return left


def text_of_every_row(database) -> str:
    """Every value in every table, as one text to search planted details in."""
    parts = []
    with database.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def _region(session, name: str, first: int) -> Region:
    region = Region(name=name, slug=name.lower(),
                    postcode_ranges=[PostcodeRange(first=first, last=first + 99)])
    session.add(region)
    return region


def _user(session, role: str, email: str, **fields) -> User:
    secret = users.new_totp_secret() if role == "coordinator" else None
    user = User(email=email, role=role, display_name=role.title(), totp_secret=secret,
                password_hash=hash_password(PASSWORD), email_confirmed_at=NOW - 60 * DAY,
                **fields)
    session.add(user)
    return user


def _volunteer(session, region: Region, details: dict[str, str], **fields) -> VolunteerProfile:
    user = _user(session, "volunteer", details["email"])
    user.display_name = details["display_name"]
    profile = VolunteerProfile(
        user=user, region=region, subjects=["wiskunde"], levels=["havo"], languages=["nl"],
        availability=[{"day": "mon", "start": 900, "end": 1020}], mode="online",
        postcode="3511", latitude=52.09, longitude=5.12, screening_state="approved",
        screening_changed_at=NOW - 40 * DAY, intake_on=date(2025, 1, 10),
        vog_requested_on=date(2025, 1, 11), vog_issued_on=date(2025, 1, 20),
        **{key: value for key, value in details.items() if key not in ("email", "display_name")},
        **fields,
    )
    session.add(profile)
    session.flush()
    return profile


def _pupil(session, school: School, reference: str, **fields) -> Pupil:
    values = {
        "school_year": 2, "level": "havo", "subjects": ["wiskunde"], "languages": ["nl"],
        "availability": [{"day": "mon", "start": 900, "end": 1020}], "mode": "online",
        "pc4": 3512, "latitude": 52.1, "longitude": 5.1, "state": "waiting",
        "waiting_since": NOW - 10 * DAY, **fields,
    }
    pupil = Pupil(school=school, reference=reference, created_at=NOW - 40 * DAY, **values)
    session.add(pupil)
    session.flush()
    return pupil


def _match(session, volunteer: VolunteerProfile, pupil: Pupil, state: str, **fields) -> Match:
    decided = {} if state == "proposed" else {"decided_at": NOW - 21 * DAY}
    match = Match(volunteer=volunteer, pupil=pupil, state=state, mode="online", cost=10,
                  explanation={"reasons": ["subject"], "distance_km": 3}, **decided, **fields)
    session.add(match)
    session.flush()
    return match


def _person(user: User) -> Person:
    return Person(user.id, user.email, PASSWORD, user.totp_secret)
