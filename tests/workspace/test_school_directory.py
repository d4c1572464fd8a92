"""Registering a school: admins only, and a refused registration writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import Decision, NotPermitted
from matcher.db.models import AuditEntry, School
from matcher.organisation.school_directory import InvalidSchool, create_school
from tests.workspace.conftest import audit_actions


def register(database, actor, place, **overrides) -> int:
    values = {
        "name": "Domstad College",
        "brin": "33cc",
        "vestiging": "",
        "levels": ["havo"],
        "region_id": place.utrecht,
        **overrides,
    }
    return database.run_in_transaction(lambda session: create_school(session, actor, **values))


def school_count(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(School))


def test_an_admin_registers_a_school_once_the_caller_commits(database, place):
    school_id = register(database, place.admin, place)
    with database.unit_of_work() as session:
        school = session.get(School, school_id)
        assert (school.brin, school.vestiging, school.region_id) == ("33CC", "00", place.utrecht)
    assert audit_actions(database, "school", school_id) == [
        ("school.created", place.admin.user_id)
    ]


def test_a_coordinator_may_not_register_a_school_and_nothing_is_written(database, place):
    before = school_count(database)
    with pytest.raises(NotPermitted) as refused:
        register(database, place.coordinator, place)
    assert refused.value.decision is Decision.FORBIDDEN
    assert school_count(database) == before
    with database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_a_school_registered_twice_is_refused_and_nothing_more_is_written(database, place):
    register(database, place.admin, place)
    before = school_count(database)
    with pytest.raises(InvalidSchool) as refused:
        register(database, place.admin, place, name="Tweede Domstad", vestiging="00")
    assert refused.value.code == "school_exists"
    assert school_count(database) == before
    with database.unit_of_work() as session:
        assert len(session.scalars(select(AuditEntry)).all()) == 1
