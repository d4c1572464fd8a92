"""koppel purge applies every retention period the data inventory declares, on time.

A period added to the inventory without a step in ``retention.APPLIERS`` (or without a
case in ``retention_cases``) fails here, so a declared period cannot go unapplied.

The clock is set so that the purge runs at the real present: the database refuses to
delete audit entries younger than their period by its own clock, which a test cannot move.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from matcher.deletion import retention
from matcher.privacy import inventory
from matcher.shared import clock
from tests.safety.retention_cases import CASES

PERIODS = sorted(code for code, period in inventory.RETENTION.items() if period.days is not None)
MARGIN = timedelta(hours=1)


def test_every_period_that_ends_has_a_step_in_purge_that_applies_it():
    assert sorted(retention.APPLIERS) == PERIODS


def test_every_step_counts_into_its_own_field_of_the_report():
    fields = [applier.counted_as for applier in retention.APPLIERS.values()]
    assert len(set(fields)) == len(fields)
    assert set(fields) <= set(retention.PurgeReport().as_dict())


@pytest.mark.parametrize("policy", PERIODS)
def test_purge_applies_the_period_to_a_record_just_past_it_and_keeps_one_just_inside(
    database, policy
):
    period = timedelta(days=inventory.RETENTION[policy].days)
    case = CASES[policy]
    with clock.frozen_at(datetime.now(UTC) - period - 2 * MARGIN):
        with database.unit_of_work() as session:
            past = case.build(session, "past")
            session.commit()
        clock.advance(2 * MARGIN)
        with database.unit_of_work() as session:
            inside = case.build(session, "inside")
            session.commit()
        clock.advance(period - MARGIN)
        report = retention.purge(database)
    with database.unit_of_work() as session:
        assert case.applied(session, past)
        assert not case.applied(session, inside)
    assert report.as_dict()[retention.APPLIERS[policy].counted_as] >= 1
