"""Audit details carry ids, counts and codes only: anything else is refused before it is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db.models import AuditEntry
from matcher.privacy import audit


def entries(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("field", ["email", "display_name", "name", "to_address"])
def test_a_detail_named_for_a_person_is_refused_and_nothing_is_written(database, field):
    with database.unit_of_work() as session:
        with pytest.raises(ValueError, match=f"'{field}' is not an allowed field"):
            audit.record(session, "user.invited", "user", 1, actor_user_id=None,
                         **{field: "bettie.bijlsma@example.org"})
        session.commit()
    assert entries(database) == 0


def test_an_unknown_detail_field_is_refused_by_name(database):
    with database.unit_of_work() as session, pytest.raises(ValueError, match="'remark'"):
        audit.record(session, "match_approved", "match", 1, actor_user_id=None, remark=3)


@pytest.mark.parametrize(
    "value",
    ["bettie.bijlsma@example.org", "Bettie Bijlsma", "Thuis is het onrustig", "x" * 61,
     ["goal_reached", "Bettie"], {"id": 1}, 2.5],
    ids=["address", "name", "free text", "too long", "a name in a list", "a mapping", "a float"],
)
def test_an_allowed_field_with_a_value_that_is_not_an_id_count_or_code_is_refused(
    database, value
):
    refused = pytest.raises(ValueError, match="'reason_code'")
    with database.unit_of_work() as session, refused as error:
        audit.record(session, "match_ended", "match", 1, actor_user_id=None, reason_code=value)
    assert "Bettie" not in str(error.value)


def test_ids_counts_codes_and_lists_of_them_are_written_as_given(database):
    details = {"pupil_id": 7, "reason_code": "goal_reached", "in_region": True,
               "run_id": None, "overridden": ["no_overlap", "vog_expired"], "match_ids": []}
    with database.unit_of_work() as session:
        audit.record(session, "match_ended", "match", 1, actor_user_id=None, **details)
        session.commit()
    with database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry.details)).one() == details
