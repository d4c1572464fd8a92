"""The agreed rhythm and holiday pauses: who may set them, which values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.contacts.refusals import ContactRefused
from matcher.contacts.rhythm import agreement_of, pause_for_holiday, set_rhythm
from matcher.db.models import AuditEntry, HolidayPause
from tests.contacts.world import TODAY, actor_of


def rhythm(database, user_id, match_id, value):
    database.run_in_transaction(
        lambda session: set_rhythm(session, actor_of(session, user_id), match_id, value))


def pause(database, user_id, match_id, starts_on, ends_on):
    return database.run_in_transaction(lambda session: pause_for_holiday(
        session, actor_of(session, user_id), match_id, starts_on, ends_on))


def test_the_rhythm_is_weekly_until_the_volunteer_or_coordinator_agrees_another(database, pairs):
    utrecht, _ = pairs
    with database.unit_of_work() as session:
        assert agreement_of(session, utrecht.match).rhythm == "weekly"
    rhythm(database, utrecht.volunteer_user, utrecht.match, "twice_weekly")
    rhythm(database, utrecht.coordinator, utrecht.match, "fortnightly")
    with database.unit_of_work() as session:
        assert agreement_of(session, utrecht.match).rhythm == "fortnightly"
        details = session.scalars(select(AuditEntry.details)
                                  .where(AuditEntry.action == "contact.rhythm_set")).all()
        assert details == [{"rhythm": "twice_weekly"}, {"rhythm": "fortnightly"}]


def test_an_unknown_rhythm_or_someone_elses_match_is_refused(database, pairs):
    utrecht, rotterdam = pairs
    with pytest.raises(ContactRefused) as refused:
        rhythm(database, utrecht.volunteer_user, utrecht.match, "daily")
    assert (refused.value.field, refused.value.code) == ("rhythm", "unknown_rhythm")
    with pytest.raises(OutOfScope):
        rhythm(database, rotterdam.coordinator, utrecht.match, "weekly")
    with pytest.raises(OutOfScope):
        rhythm(database, rotterdam.volunteer_user, utrecht.match, "weekly")
    with database.unit_of_work() as session:
        assert agreement_of(session, utrecht.match).rhythm == "weekly"


def test_the_volunteer_pauses_for_a_holiday_and_the_agreement_shows_it(database, pairs):
    utrecht, _ = pairs
    starts, ends = TODAY + timedelta(days=3), TODAY + timedelta(days=17)
    pause(database, utrecht.volunteer_user, utrecht.match, starts, ends)
    with database.unit_of_work() as session:
        assert agreement_of(session, utrecht.match).pauses == ((starts, ends),)


@pytest.mark.parametrize(
    ("starts", "ends", "field", "code"),
    [
        (None, 3, "starts_on", "date_missing"),
        (0, None, "ends_on", "date_missing"),
        (-1, 3, "starts_on", "past_date"),
        (5, 4, "ends_on", "period_order"),
        (0, 56, "ends_on", "pause_too_long"),
    ],
)
def test_a_wrong_pause_is_refused_and_nothing_is_stored(database, pairs, starts, ends, field,
                                                         code):
    utrecht, _ = pairs

    def day(offset):
        return None if offset is None else TODAY + timedelta(days=offset)

    with pytest.raises(ContactRefused) as refused:
        pause(database, utrecht.volunteer_user, utrecht.match, day(starts), day(ends))
    assert (refused.value.field, refused.value.code) == (field, code)
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count(HolidayPause.id))) == 0


def test_a_pause_of_eight_weeks_starting_today_is_the_longest_allowed(database, pairs):
    utrecht, _ = pairs
    pause(database, utrecht.volunteer_user, utrecht.match, TODAY, TODAY + timedelta(days=55))


def test_only_the_matchs_own_volunteer_pauses_it(database, pairs):
    utrecht, rotterdam = pairs
    day = TODAY + timedelta(days=1)
    with pytest.raises(OutOfScope):
        pause(database, rotterdam.volunteer_user, utrecht.match, day, day)
    with pytest.raises(NotPermitted):
        pause(database, utrecht.coordinator, utrecht.match, day, day)
