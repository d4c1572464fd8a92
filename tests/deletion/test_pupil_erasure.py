"""A coordinator erases a closed request now, instead of after the retention period."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, NotPermitted, OutOfScope, Role
from matcher.db.models import AuditEntry, Match, Pupil
from matcher.deletion import erasure
from matcher.shared import clock
from tests.deletion.world import (
    WIM,
    coordinator_actor,
    personal_values_left,
    text_of_every_row,
    volunteer_actor,
)


def erase(database, world, pupil_id: int, actor: Actor | None = None) -> tuple[int, ...]:
    actor = actor or coordinator_actor(world)
    return database.run_in_transaction(
        lambda session: erasure.erase_pupil_request(session, actor, pupil_id)
    )


def test_a_withdrawn_request_is_emptied_now_and_its_matches_keep_their_ids(database, world):
    match_ids = erase(database, world, world.withdrawn_pupil_id)

    assert match_ids == (world.withdrawn_match_id,)
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, world.withdrawn_pupil_id)
        match = session.get(Match, world.withdrawn_match_id)
        assert personal_values_left(pupil) == {}
        assert personal_values_left(match) == {}
        assert pupil.anonymised_at == match.anonymised_at == clock.now()
        assert (match.pupil_id, match.volunteer_id) == (pupil.id, world.otto_profile_id)
        assert (pupil.state, pupil.school_id) == ("withdrawn", world.utrecht_school_id)


def test_nothing_the_school_wrote_about_the_pupil_is_left_anywhere(database, world):
    assert all(value in text_of_every_row(database) for value in WIM.values())

    erase(database, world, world.withdrawn_pupil_id)

    left = text_of_every_row(database)
    assert [value for value in WIM.values() if value in left] == []


def test_a_request_whose_match_ended_can_be_erased(database, world):
    with database.unit_of_work() as session:
        session.get(Pupil, world.waiting_pupil_id).state = "ended"
        session.get(Match, world.proposal_id).state = "superseded"
        session.commit()

    erase(database, world, world.waiting_pupil_id)

    with database.unit_of_work() as session:
        assert session.get(Pupil, world.waiting_pupil_id).anonymised_at == clock.now()


@pytest.mark.parametrize("state", ["waiting", "proposed", "matched"])
def test_an_open_request_is_refused_and_left_as_it_was(database, world, state):
    with database.unit_of_work() as session:
        session.get(Pupil, world.waiting_pupil_id).state = state
        session.commit()

    with pytest.raises(erasure.CannotErase) as refused:
        erase(database, world, world.waiting_pupil_id)

    assert refused.value.code == "still_open"
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, world.waiting_pupil_id)
        assert (pupil.reference, pupil.anonymised_at) == ("Joost-J-2c", None)
        assert session.scalar(
            select(AuditEntry).where(AuditEntry.action == erasure.PUPIL_ERASED)
        ) is None


def test_a_closed_request_that_still_has_a_live_match_is_refused(database, world):
    with database.unit_of_work() as session:
        session.get(Pupil, world.approved_pupil_id).state = "withdrawn"
        session.commit()

    with pytest.raises(erasure.CannotErase) as refused:
        erase(database, world, world.approved_pupil_id)

    assert refused.value.code == "live_match"


def test_an_erased_request_is_not_erased_twice(database, world):
    erase(database, world, world.withdrawn_pupil_id)

    with pytest.raises(erasure.CannotErase) as refused:
        erase(database, world, world.withdrawn_pupil_id)

    assert refused.value.code == "already_erased"


def test_an_unknown_request_is_nothing_to_erase(database, world):
    with pytest.raises(erasure.NothingToErase):
        erase(database, world, 999_999)


def test_the_erasure_is_audited_by_id_with_the_coordinator_as_actor(database, world):
    erase(database, world, world.withdrawn_pupil_id)

    with database.unit_of_work() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == erasure.PUPIL_ERASED))
        session.expunge(entry)
    assert (entry.entity_type, entry.entity_id, entry.actor_user_id) == (
        "pupil", world.withdrawn_pupil_id, world.coordinator.user_id
    )
    assert entry.details == {"old_state": "withdrawn", "match_ids": [world.withdrawn_match_id]}


def test_the_confirmation_page_data_names_the_refusal_and_audits_the_view(database, world):
    with database.unit_of_work() as session:
        open_request = erasure.pupil_for_erasure(
            session, coordinator_actor(world), world.waiting_pupil_id
        )
        closed = erasure.pupil_for_erasure(
            session, coordinator_actor(world), world.withdrawn_pupil_id
        )
        session.commit()
        views = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "pupil.view")
        ).all()
    assert (open_request.refusal, closed.refusal) == ("still_open", None)
    assert closed.reference == WIM["reference"]
    assert sorted(views) == sorted([world.waiting_pupil_id, world.withdrawn_pupil_id])


def test_only_staff_may_erase_a_request(database, world):
    before = text_of_every_row(database)
    school = Actor(world.school_contact.user_id, Role.SCHOOL,
                   school_ids=frozenset({world.utrecht_school_id}))

    for actor in (volunteer_actor(world.otto), school):
        with pytest.raises(NotPermitted):
            erase(database, world, world.withdrawn_pupil_id, actor)

    assert text_of_every_row(database) == before


def test_another_regions_coordinator_neither_sees_nor_erases_the_request(database, world):
    before = text_of_every_row(database)
    rotterdam = Actor(world.rotterdam_coordinator.user_id, Role.COORDINATOR,
                      region_ids=frozenset({world.rotterdam_id}), second_factor_passed=True)

    with pytest.raises(OutOfScope):
        erase(database, world, world.withdrawn_pupil_id, rotterdam)
    with pytest.raises(OutOfScope):
        database.run_in_transaction(
            lambda session: erasure.pupil_for_erasure(session, rotterdam, world.withdrawn_pupil_id)
        )

    assert text_of_every_row(database) == before
