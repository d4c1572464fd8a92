"""A unit of work keeps what was committed and forgets what was not."""

import pytest
from sqlalchemy import func, select

from matcher.db import Database
from matcher.db.models import Region
from matcher.shared.errors import BadInput


def count_regions(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Region))


def test_work_that_is_not_committed_is_rolled_back(database):
    with database.unit_of_work() as session:
        session.add(Region(name="Delft", slug="delft"))
        session.flush()
    assert count_regions(database) == 0


def test_work_is_rolled_back_when_the_use_case_fails(database):
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        session.add(Region(name="Delft", slug="delft"))
        session.flush()
        raise RuntimeError("the use case failed")
    assert count_regions(database) == 0


def test_committed_work_stays_and_its_objects_remain_readable(database):
    with database.unit_of_work() as session:
        region = Region(name="Delft", slug="delft")
        session.add(region)
        session.commit()
    assert region.name == "Delft"
    assert count_regions(database) == 1


def test_a_url_that_is_no_database_url_is_bad_input_naming_the_field():
    with pytest.raises(BadInput, match="^database URL: "):
        Database("not a url")
    with pytest.raises(BadInput, match="^database URL: "):
        Database("nosuchdb://localhost/x")
