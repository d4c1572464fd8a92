"""Rows the database tests build on: one region, one school, two volunteers, one pupil."""

from dataclasses import dataclass

import pytest

from matcher.db.models import PostcodeRange, Pupil, Region, School, User, VolunteerProfile
from matcher.shared import clock


@dataclass(frozen=True)
class Scenario:
    """Ids of the rows :func:`scenario` wrote."""

    region_id: int
    school_id: int
    coordinator_id: int
    volunteer_ids: tuple[int, int]
    pupil_id: int


def volunteer(email: str, region: Region) -> VolunteerProfile:
    """An approved volunteer who tutors maths online on Monday afternoons."""
    return VolunteerProfile(
        user=User(email=email, role="volunteer", display_name="Demo Volunteer"),
        region=region,
        subjects=["wiskunde"],
        levels=["havo"],
        languages=["nl"],
        availability=[{"day": "mon", "start": 900, "end": 1020}],
        mode="online",
        capacity=1,
        screening_state="approved",
    )


@pytest.fixture
def scenario(database) -> Scenario:
    """Commit a small region with a waiting pupil and two volunteers for it."""
    with database.unit_of_work() as session:
        region = Region(
            name="Utrecht", slug="utrecht", postcode_ranges=[PostcodeRange(first=3500, last=3585)]
        )
        school = School(
            name="Demo College", brin="99ZZ", vestiging="00", levels=["havo"], region=region
        )
        coordinator = User(email="coordinator@example.org", role="coordinator", regions=[region])
        volunteers = (volunteer("v1@example.org", region), volunteer("v2@example.org", region))
        pupil = Pupil(
            school=school,
            reference="LL-001",
            school_year=2,
            level="havo",
            subjects=["wiskunde"],
            needs=["weinig_steun"],
            availability=[{"day": "mon", "start": 960, "end": 1080}],
            mode="online",
            pc4=3511,
            waiting_since=clock.now(),
        )
        session.add_all([coordinator, *volunteers, pupil])
        session.commit()
        return Scenario(
            region.id, school.id, coordinator.id, (volunteers[0].id, volunteers[1].id), pupil.id
        )
