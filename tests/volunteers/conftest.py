"""A region around Utrecht for the volunteer tests."""

import pytest

from matcher.db.models import PostcodeRange, Region


@pytest.fixture
def utrecht(database) -> int:
    with database.unit_of_work() as session:
        region = Region(name="Utrecht", slug="utrecht")
        region.postcode_ranges = [PostcodeRange(first=3500, last=3599)]
        session.add(region)
        session.commit()
        return region.id
