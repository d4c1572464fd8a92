"""Rows with recognisable personal data, for the retention and privacy tests."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.db.models import Match, PostcodeRange, Pupil, Region, School, User, VolunteerProfile
from matcher.shared import clock


@dataclass(frozen=True)
class People:
    coordinator_id: int
    school_id: int
    volunteer_user_id: int
    volunteer_id: int
    pupil_id: int
    match_id: int


def people(database) -> People:
    """A region with a school, an approved volunteer, a waiting pupil and an active match."""
    with database.unit_of_work() as session:
        region = Region(
            name="Utrecht", slug="utrecht", postcode_ranges=[PostcodeRange(first=3500, last=3599)]
        )
        school = School(name="Demo College", brin="99ZZ", levels=["havo"], region=region)
        coordinator = User(email="coordinator@example.org", role="coordinator", regions=[region])
        profile = VolunteerProfile(
            user=User(
                email="bettie.bijlsma@example.org",
                role="volunteer",
                display_name="Bettie Bijlsma",
                email_confirmed_at=clock.now(),
            ),
            region=region,
            subjects=["wiskunde"],
            levels=["havo"],
            languages=["nl"],
            availability=[{"day": "mon", "start": 900, "end": 1020}],
            mode="online",
            postcode="3511AB",
            latitude=52.09,
            longitude=5.11,
            phone="0612345678",
            motivation="Ik help graag, groet Bettie",
            screening_state="approved",
            screening_changed_at=clock.now(),
        )
        pupil = Pupil(
            school=school,
            reference="Kees-K-7c",
            school_year=2,
            level="havo",
            subjects=["wiskunde"],
            needs=["weinig_steun"],
            priority_reason="Thuis is het onrustig",
            availability=[{"day": "mon", "start": 960, "end": 1080}],
            mode="online",
            pc4=3511,
            state="matched",
            waiting_since=None,
        )
        match = Match(
            volunteer=profile,
            pupil=pupil,
            state="active",
            mode="online",
            explanation={"reasons": ["subject"]},
            decided_at=clock.now(),
            started_at=clock.now(),
        )
        session.add_all([coordinator, match])
        session.commit()
        return People(
            coordinator.id, school.id, profile.user_id, profile.id, pupil.id, match.id
        )
