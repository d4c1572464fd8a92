"""A volunteer asks to be erased: matches end, the data goes now, only ids remain."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.accounts import tokens
from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil, Token, User, VolunteerProfile
from matcher.deletion import erasure, retention
from matcher.shared import clock
from matcher.volunteers import sign_up
from matcher.volunteers.sign_up_rules import SignUp
from tests.deletion.world import (
    BASE_URL,
    BETTIE,
    DAY,
    personal_values_left,
    text_of_every_row,
    volunteer_actor,
)


def erase_bettie(database, world) -> erasure.VolunteerErased:
    bettie = volunteer_actor(world.bettie)
    return database.run_in_transaction(lambda session: erasure.erase_volunteer(session, bettie))


def test_erasing_a_volunteer_empties_every_personal_column_of_profile_and_account(
    database, world
):
    erase_bettie(database, world)

    with database.unit_of_work() as session:
        profile = session.get(VolunteerProfile, world.bettie_profile_id)
        user = session.get(User, world.bettie.user_id)
        assert personal_values_left(profile) == {}
        assert personal_values_left(user) == {}
        assert profile.anonymised_at == user.anonymised_at == clock.now()
        assert profile.screening_state == "withdrawn"
        assert user.active is False


def test_after_erasure_nothing_bettie_told_koppel_is_anywhere_in_the_database(database, world):
    before = text_of_every_row(database)
    assert all(value in before for value in BETTIE.values())

    erase_bettie(database, world)

    after = text_of_every_row(database)
    assert [value for value in BETTIE.values() if value in after] == []


def test_an_active_match_ends_and_the_pupil_waits_again_keeping_the_days_waited(database, world):
    result = erase_bettie(database, world)

    assert world.active_match_id in result.ended_match_ids
    with database.unit_of_work() as session:
        match = session.get(Match, world.active_match_id)
        pupil = session.get(Pupil, world.active_pupil_id)
        assert (match.state, match.end_reason_code, match.ended_at) == (
            "ended", "volunteer_stopped", clock.now()
        )
        assert pupil.state == "waiting"
        assert pupil.waiting_days(clock.now()) == 10
        assert pupil.waiting_days(clock.now() + 3 * DAY) == 13


def test_an_approved_match_ends_and_the_pupils_waiting_clock_simply_runs_on(database, world):
    result = erase_bettie(database, world)

    assert world.approved_match_id in result.ended_match_ids
    with database.unit_of_work() as session:
        assert session.get(Match, world.approved_match_id).state == "ended"
        pupil = session.get(Pupil, world.approved_pupil_id)
        assert pupil.state == "waiting"
        assert pupil.waiting_days(clock.now()) == 5


def test_proposals_still_awaiting_a_coordinator_are_superseded(database, world):
    result = erase_bettie(database, world)

    assert result.superseded_match_ids == (world.proposal_id,)
    with database.unit_of_work() as session:
        assert session.get(Match, world.proposal_id).state == "superseded"


def test_matches_keep_pointing_at_the_erased_volunteer_by_id(database, world):
    erase_bettie(database, world)

    with database.unit_of_work() as session:
        volunteer_ids = {
            session.get(Match, match_id).volunteer_id
            for match_id in (world.active_match_id, world.approved_match_id, world.proposal_id)
        }
    assert volunteer_ids == {world.bettie_profile_id}


def test_the_school_and_coordinator_hear_of_each_ended_match_without_bettie_in_the_mail(
    database, world
):
    erase_bettie(database, world)

    with database.unit_of_work() as session:
        sent = session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        recipients = sorted(mail.to_address for mail in sent)
        bodies = "\n".join(f"{mail.subject}\n{mail.body_text}" for mail in sent)
    assert recipients == sorted(2 * [world.school_contact.email, world.coordinator.email])
    assert "Kees-K-7c" in bodies and "Anna-A-3b" in bodies
    assert "houdt de dagen die al gewacht zijn" in bodies
    for value in (*BETTIE.values(), "Bettie"):
        assert value not in bodies


def test_mail_already_addressed_to_bettie_is_deleted(database, world):
    with database.unit_of_work() as session:
        sign_up.sign_up_volunteer(session, _sign_up(BETTIE["email"]), base_url=BASE_URL)
        session.commit()
        assert session.scalar(select(OutboxMail).where(OutboxMail.to_address == BETTIE["email"]))

    erase_bettie(database, world)

    with database.unit_of_work() as session:
        addresses = session.scalars(select(OutboxMail.to_address)).all()
    assert BETTIE["email"] not in addresses
    assert None not in addresses


def test_every_session_ends_and_every_unused_link_stops_working(database, world):
    with database.unit_of_work() as session:
        raw = tokens.issue(session, "match_answer", user_id=world.bettie.user_id,
                           subject_id=world.approved_match_id, ttl=7 * DAY)
        version = session.get(User, world.bettie.user_id).session_version
        session.commit()

    erase_bettie(database, world)

    with database.unit_of_work() as session:
        assert session.get(User, world.bettie.user_id).session_version == version + 1
        with pytest.raises(tokens.TokenInvalid):
            tokens.peek(session, "match_answer", raw)
        unused = session.scalars(
            select(Token).where(Token.user_id == world.bettie.user_id, Token.used_at.is_(None))
        ).all()
        assert unused == []


def test_the_erasure_is_audited_with_ids_only(database, world):
    result = erase_bettie(database, world)

    with database.unit_of_work() as session:
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == erasure.VOLUNTEER_ERASED)
        )
        anonymised = set(session.execute(
            select(AuditEntry.entity_type, AuditEntry.entity_id)
            .where(AuditEntry.action == retention.ANONYMISED)
        ).all())
        ended = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "match_ended")
        ).all()
        session.expunge(entry)
    assert (entry.entity_type, entry.entity_id, entry.actor_user_id) == (
        "user", world.bettie.user_id, world.bettie.user_id
    )
    assert entry.details == {
        "volunteer_profile_id": world.bettie_profile_id,
        "ended_match_ids": list(result.ended_match_ids),
        "superseded_match_ids": [world.proposal_id],
    }
    assert anonymised == {("user", world.bettie.user_id),
                          ("volunteer_profile", world.bettie_profile_id)}
    assert sorted(ended) == sorted(result.ended_match_ids)


def test_an_erased_account_cannot_be_erased_again(database, world):
    erase_bettie(database, world)

    with database.unit_of_work() as session, pytest.raises(erasure.NothingToErase):
        erasure.erase_volunteer(session, volunteer_actor(world.bettie))


def test_only_volunteer_accounts_can_be_erased_this_way(database, world):
    # Whatever the actor claims, the account itself must be a volunteer's.
    with database.unit_of_work() as session, pytest.raises(erasure.NothingToErase):
        erasure.erase_volunteer(session, volunteer_actor(world.coordinator))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.SCHOOL])
def test_only_a_volunteer_may_erase_themselves(database, world, role):
    staff = Actor(world.bettie.user_id, role, region_ids=frozenset({world.utrecht_id}),
                  second_factor_passed=True)
    before = text_of_every_row(database)

    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: erasure.erase_volunteer(session, staff))

    assert text_of_every_row(database) == before


def test_an_erasure_that_fails_half_way_leaves_everything_as_it_was(
    database, world, monkeypatch
):
    before = text_of_every_row(database)

    def fail(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    # The matches have ended and the profile is anonymised when the account step fails.
    monkeypatch.setattr(erasure.retention, "anonymise_user", fail)
    with pytest.raises(RuntimeError):
        erase_bettie(database, world)

    assert text_of_every_row(database) == before


def test_signing_up_again_with_the_same_address_makes_a_new_person(database, world):
    erase_bettie(database, world)

    with database.unit_of_work() as session:
        sign_up.sign_up_volunteer(session, _sign_up(BETTIE["email"]), base_url=BASE_URL)
        session.commit()
        users = session.scalars(
            select(User).where(User.role == "volunteer").order_by(User.id)
        ).all()
        newest = users[-1]
        assert newest.id != world.bettie.user_id
        assert newest.email == BETTIE["email"]
        assert newest.email_confirmed_at is None
        profile = session.scalar(
            select(VolunteerProfile).where(VolunteerProfile.user_id == newest.id)
        )
        assert profile.screening_state == "new"
        assert session.get(User, world.bettie.user_id).email is None


def test_a_volunteer_without_matches_is_erased_and_ends_nothing(database, world):
    otto = volunteer_actor(world.otto)
    result = database.run_in_transaction(lambda session: erasure.erase_volunteer(session, otto))
    assert result.ended_match_ids == result.superseded_match_ids == ()
    with database.unit_of_work() as session:
        assert session.scalars(select(OutboxMail)).all() == []


def _sign_up(email: str) -> SignUp:
    return SignUp(
        name="Bettie Nieuw", email=email, postcode="3511AB",
        subjects=("wiskunde",), levels=("havo",),
        languages=("nl",), availability=({"day": "mon", "start": 900, "end": 1020},),
        motivation="Weer helpen", adult=True, privacy_consent=True,
    )
