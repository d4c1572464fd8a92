"""Raising a concern, who may read it, and each step of its life cycle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import OutOfScope
from matcher.db.models import AuditEntry, Concern, ConcernNotice, ConcernStep, Match, OutboxMail
from matcher.safeguarding.concerns import ConcernRefused, advance, raise_concern, read_concern
from matcher.safeguarding.lists import concerns_to_handle, my_concerns
from tests.safeguarding.world import BASE_URL, OBSERVATION, STARTED, TODAY, actor_of, facts


def raised(database, side, key="form-1", **changes) -> int:
    with database.unit_of_work() as session:
        concern_id = raise_concern(session, actor_of(session, side.volunteer_user), side.match,
                                   facts(**changes), key=key, base_url=BASE_URL)
        session.commit()
        return concern_id


def step(database, user_id, concern_id, state) -> None:
    with database.unit_of_work() as session:
        advance(session, actor_of(session, user_id), concern_id, state)
        session.commit()


def count(database, model) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_raised_concern_tells_the_designated_contact_and_the_regions_coordinators(
    database, sides
):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    with database.unit_of_work() as session:
        told = set(session.scalars(select(ConcernNotice.user_id)))
        mails = [mail.body_text for mail in session.scalars(select(OutboxMail))]
        concern = session.get(Concern, concern_id)
        state, observation = concern.state, concern.observation
    assert told == {utrecht.designated, utrecht.coordinator, utrecht.second_coordinator}
    assert len(mails) == 3 and state == "raised" and observation == OBSERVATION
    assert all(f"{BASE_URL}/zorgen/{concern_id}" in body for body in mails)


def test_the_same_form_sent_twice_stores_one_concern_and_tells_nobody_twice(database, sides):
    utrecht, _ = sides
    first = raised(database, utrecht, key="same")
    second = raised(database, utrecht, key="same")
    assert first == second
    assert count(database, Concern) == 1 and count(database, OutboxMail) == 3


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"observation": "   "}, "observation", "observation_missing"),
        ({"observation": "x" * 2001}, "observation", "text_too_long"),
        ({"observed_on": None}, "observed_on", "date_missing"),
        ({"observed_on": TODAY + timedelta(days=1)}, "observed_on", "future_date"),
        ({"observed_on": STARTED.date() - timedelta(days=1)}, "observed_on", "before_match_start"),
        ({"pupil_words": "x" * 1001}, "pupil_words", "text_too_long"),
        ({"in_danger": None}, "in_danger", "danger_missing"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_stores_nothing(database, sides, changes, field,
                                                               code):
    utrecht, _ = sides
    with pytest.raises(ConcernRefused) as refused:
        raised(database, utrecht, **changes)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert count(database, Concern) == 0 and count(database, OutboxMail) == 0


def test_a_match_that_ended_longer_ago_than_the_retention_period_is_refused(database, sides):
    utrecht, _ = sides
    with database.unit_of_work() as session:
        match = session.get(Match, utrecht.match)
        match.state = "ended"
        match.started_at, match.ended_at = STARTED - timedelta(days=200), STARTED - timedelta(91)
        session.commit()
    with pytest.raises(ConcernRefused) as refused:
        raised(database, utrecht, observed_on=STARTED.date() - timedelta(days=150))
    assert refused.value.code == "match_too_long_ago"


def test_a_volunteer_cannot_raise_a_concern_about_someone_elses_pupil(database, sides):
    utrecht, rotterdam = sides
    with database.unit_of_work() as session, pytest.raises(OutOfScope):
        raise_concern(session, actor_of(session, utrecht.volunteer_user), rotterdam.match,
                      facts(), key="k", base_url=BASE_URL)


def test_the_life_cycle_runs_received_handed_over_closed_and_records_who(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    step(database, utrecht.coordinator, concern_id, "received")
    step(database, utrecht.designated, concern_id, "handed_over")
    step(database, utrecht.coordinator, concern_id, "closed")
    with database.unit_of_work() as session:
        steps = session.execute(select(ConcernStep.state, ConcernStep.by_id)
                                .order_by(ConcernStep.id)).all()
        match_state = session.get(Match, utrecht.match).state
    assert steps == [("raised", utrecht.volunteer_user), ("received", utrecht.coordinator),
                     ("handed_over", utrecht.designated), ("closed", utrecht.coordinator)]
    assert match_state == "active"  # a concern never ends a match


def test_a_step_out_of_order_is_refused(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    with pytest.raises(ConcernRefused):
        step(database, utrecht.designated, concern_id, "handed_over")
    step(database, utrecht.designated, concern_id, "received")
    with pytest.raises(ConcernRefused):
        step(database, utrecht.designated, concern_id, "received")


def test_only_the_designated_contact_hands_a_concern_over_to_the_school(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    step(database, utrecht.coordinator, concern_id, "received")
    with pytest.raises(OutOfScope):
        step(database, utrecht.coordinator, concern_id, "handed_over")


@pytest.mark.parametrize(
    "who", ["school_contact", "other_designated", "other_coordinator", "volunteer"]
)
def test_everyone_else_is_told_the_concern_does_not_exist(database, sides, who):
    utrecht, rotterdam = sides
    concern_id = raised(database, utrecht)
    user_id = {"school_contact": utrecht.school_contact, "other_designated": rotterdam.designated,
               "other_coordinator": rotterdam.coordinator,
               "volunteer": utrecht.volunteer_user}[who]
    with database.unit_of_work() as session:
        actor = actor_of(session, user_id)
        with pytest.raises(OutOfScope):
            read_concern(session, actor, concern_id)
        with pytest.raises(OutOfScope):
            advance(session, actor, concern_id, "received")


def test_reading_a_concern_is_audited_by_id(database, sides):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)
    with database.unit_of_work() as session:
        view = read_concern(session, actor_of(session, utrecht.designated), concern_id)
        session.commit()
    assert view.observation == OBSERVATION and view.state == "raised"
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "concern.viewed"))
        assert [(e.entity_id, e.actor_user_id) for e in entry] == [(concern_id, utrecht.designated)]


def test_the_volunteer_sees_sent_received_and_taken_up_never_what_the_school_did(
    database, sides
):
    utrecht, _ = sides
    concern_id = raised(database, utrecht)

    def status() -> str:
        with database.unit_of_work() as session:
            return my_concerns(session, actor_of(session, utrecht.volunteer_user))[0].state

    assert status() == "sent"
    step(database, utrecht.designated, concern_id, "received")
    assert status() == "received"
    step(database, utrecht.designated, concern_id, "handed_over")
    assert status() == "taken_up"


def test_handlers_list_only_the_concerns_of_their_schools_or_regions(database, sides):
    utrecht, rotterdam = sides
    mine = raised(database, utrecht, key="u")
    raised(database, rotterdam, key="r")
    with database.unit_of_work() as session:
        for user_id in (utrecht.designated, utrecht.coordinator):
            rows = concerns_to_handle(session, actor_of(session, user_id))
            assert [row.id for row in rows] == [mine]
