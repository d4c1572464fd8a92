"""No pupil out of sight: the reminder, the coordinator's list and the school's notice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.contacts.attention import needs_attention
from matcher.contacts.escalation import escalate_silent_matches
from matcher.contacts.moments import log_moment
from matcher.contacts.rhythm import pause_for_holiday, set_rhythm
from matcher.db.models import ContactEscalation, Match, OutboxMail, User
from matcher.shared import clock
from tests.contacts.world import NOW, actor_of, entry

BASE_URL = "https://koppel.example"


@pytest.fixture
def pair(database, pairs):
    """Utrecht's pair, started today (day 0); Rotterdam's pair has ended."""
    utrecht, rotterdam = pairs
    with database.unit_of_work() as session:
        session.get(Match, utrecht.match).started_at = NOW
        session.get(Match, rotterdam.match).state = "ended"
        session.commit()
    return utrecht


def on_day(day: int):
    return clock.frozen_at(NOW + timedelta(days=day))


def escalate(database, day: int) -> int:
    with on_day(day):
        return database.run_in_transaction(
            lambda session: escalate_silent_matches(session, clock.now(), base_url=BASE_URL))


def escalate_daily(database, first: int, last: int) -> None:
    for day in range(first, last + 1):
        escalate(database, day)


def mails(database) -> list[tuple[str, str]]:
    """(recipient's role, Dutch subject) of every queued mail, oldest first."""
    with database.unit_of_work() as session:
        rows = session.execute(
            select(User.role, OutboxMail.subject)
            .join(User, User.email == OutboxMail.to_address).order_by(OutboxMail.id)
        ).all()
        return [(role, subject.split(" / ")[0]) for role, subject in rows]


def steps(database) -> list[tuple[int, str]]:
    with database.unit_of_work() as session:
        rows = session.execute(
            select(ContactEscalation.taken_at, ContactEscalation.step)
            .order_by(ContactEscalation.id)).all()
        return [((taken_at - NOW).days, step) for taken_at, step in rows]


def on_the_list(database, user_id: int, day: int) -> list[str]:
    with on_day(day), database.unit_of_work() as session:
        return [line.step for line in needs_attention(session, actor_of(session, user_id))]


def log(database, pair, day: int, **changes) -> None:
    with on_day(day):
        database.run_in_transaction(lambda session: log_moment(
            session, actor_of(session, pair.volunteer_user), pair.match,
            entry(happened_on=clock.now().date(), **changes)))


REMINDER = ("volunteer", "Hoe gaat het met uw leerling?")


def school_notice(database) -> tuple[str, str]:
    with database.unit_of_work() as session:
        reference = session.scalar(select(OutboxMail.subject).where(
            OutboxMail.subject.like("Leerling %")))
    return ("school", reference.split(" / ")[0])


def test_a_silent_weekly_pair_gets_the_reminder_the_list_and_the_school_notice_in_order(
    database, pair
):
    escalate_daily(database, 0, 9)
    assert mails(database) == [] and on_the_list(database, pair.coordinator, 9) == []
    escalate_daily(database, 10, 13)
    assert mails(database) == [REMINDER] and steps(database) == [(10, "reminder")]
    assert on_the_list(database, pair.coordinator, 13) == []
    escalate_daily(database, 14, 20)
    assert steps(database) == [(10, "reminder"), (14, "attention")]
    assert on_the_list(database, pair.coordinator, 14) == ["attention"]
    assert mails(database) == [REMINDER]
    escalate_daily(database, 21, 40)
    assert steps(database) == [(10, "reminder"), (14, "attention"), (21, "school_notice")]
    assert mails(database) == [REMINDER, school_notice(database)]
    assert "is niet bereikt" in mails(database)[1][1]
    assert on_the_list(database, pair.coordinator, 21) == ["school_notice"]


@pytest.mark.parametrize(("rhythm", "day"), [("twice_weekly", 5), ("fortnightly", 21)])
def test_the_reminder_day_is_one_and_a_half_times_the_agreed_rhythm(database, pair, rhythm, day):
    with on_day(0):
        database.run_in_transaction(lambda session: set_rhythm(
            session, actor_of(session, pair.coordinator), pair.match, rhythm))
    escalate_daily(database, 0, day - 1)
    assert ("reminder" in [s for _, s in steps(database)]) is False
    escalate(database, day)
    assert (day, "reminder") in steps(database)
    assert mails(database)[0] == REMINDER


def test_three_could_not_reach_moments_in_a_row_warn_the_school_at_once(database, pair):
    for day in (1, 2):
        log(database, pair, day, reached=False, note=None)
    escalate(database, 2)
    assert mails(database) == []
    log(database, pair, 3, reached=False, note=None)
    escalate(database, 3)
    assert mails(database) == [school_notice(database)]
    assert on_the_list(database, pair.coordinator, 3) == ["school_notice"]


def test_a_reached_contact_starts_a_new_episode_that_can_escalate_again(database, pair):
    escalate_daily(database, 0, 12)
    log(database, pair, 12)
    assert on_the_list(database, pair.coordinator, 15) == []
    escalate_daily(database, 12, 21)
    assert mails(database) == [REMINDER]
    escalate(database, 22)
    assert mails(database) == [REMINDER, REMINDER]
    assert [(day, step) for day, step in steps(database)] == [(10, "reminder"), (22, "reminder")]


def test_a_reached_contact_after_could_not_reach_moments_resets_the_count(database, pair):
    for day in (1, 2):
        log(database, pair, day, reached=False, note=None)
    log(database, pair, 3)
    log(database, pair, 4, reached=False, note=None)
    escalate(database, 4)
    assert mails(database) == []


def test_a_holiday_pause_pauses_the_escalation(database, pair):
    with on_day(0):
        database.run_in_transaction(lambda session: pause_for_holiday(
            session, actor_of(session, pair.volunteer_user), pair.match,
            (NOW + timedelta(days=5)).date(), (NOW + timedelta(days=11)).date()))
    escalate_daily(database, 0, 16)
    assert mails(database) == []
    escalate(database, 17)
    assert steps(database) == [(17, "reminder")]


def test_ended_matches_are_left_alone(database, pairs):
    _, rotterdam = pairs
    with database.unit_of_work() as session:
        session.get(Match, pairs[0].match).state = "ended"
        session.get(Match, rotterdam.match).state = "ended"
        session.commit()
    escalate_daily(database, 0, 40)
    assert mails(database) == [] and steps(database) == []


def test_running_the_job_twice_sends_nothing_twice(database, pair):
    assert escalate(database, 25) == 3
    assert escalate(database, 25) == 0
    assert escalate(database, 26) == 0
    assert len(mails(database)) == 2


def test_another_regions_coordinator_does_not_see_the_pair_and_an_admin_sees_all(
    database, pairs, pair
):
    _, rotterdam = pairs
    with database.unit_of_work() as session:
        session.get(Match, rotterdam.match).state = "active"
        admin = User(email="admin@example.org", role="admin", display_name="Beheer")
        session.add(admin)
        session.commit()
        admin_id = admin.id
    assert on_the_list(database, pair.coordinator, 15) == ["attention"]
    assert on_the_list(database, rotterdam.coordinator, 15) == ["school_notice"]
    assert sorted(on_the_list(database, admin_id, 15)) == ["attention", "school_notice"]
