"""Rows the database tests build on: one region, one school, two volunteers, one pupil."""

from dataclasses import dataclass

import pytest

from matcher.db.models import School, User
from matcher.shared import clock
from tests.db.rows import pupil, region, volunteer


@dataclass(frozen=True)
class Scenario:
    """Ids of the rows :func:`scenario` wrote."""

    region_id: int
    school_id: int
    coordinator_id: int
    volunteer_ids: tuple[int, int]
    pupil_id: int


@pytest.fixture
def scenario(database) -> Scenario:
    """Commit a small region with a waiting pupil and two volunteers for it."""
    with database.unit_of_work() as session:
        utrecht = region("Utrecht", 3500, 3585)
        school = School(
            name="Demo College", brin="99ZZ", vestiging="00", levels=["havo"], region=utrecht
        )
        coordinator = User(email="coordinator@example.org", role="coordinator", regions=[utrecht])
        volunteers = tuple(
            volunteer(
                User(email=f"v{n}@example.org", role="volunteer", display_name="Demo Volunteer"),
                region=utrecht,
            )
            for n in (1, 2)
        )
        waiting = pupil(
            "LL-001",
            school=school,
            needs=["weinig_steun"],
            availability=[{"day": "mon", "start": 960, "end": 1080}],
            waiting_since=clock.now(),
        )
        session.add_all([coordinator, *volunteers, waiting])
        session.commit()
        return Scenario(
            utrecht.id, school.id, coordinator.id, (volunteers[0].id, volunteers[1].id), waiting.id
        )
