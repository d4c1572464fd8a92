"""Invitations: who may invite whom, the mail, and the single-use expiring link."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import tokens, users
from matcher.accounts.invitations import (
    NotInScope,
    accept_invitation,
    invite_coordinator,
    invite_school_contact,
    invited_user,
)
from matcher.accounts.password_strength import WeakPassword
from matcher.accounts.permissions import Actor, Decision, NotPermitted, Role
from matcher.db.models import OutboxMail, Token, User
from matcher.shared import clock
from matcher.shared.errors import BadInput
from tests.workspace.conftest import audit_actions, outbox_to

BASE = "https://koppel.example"
GOOD_PASSWORD = "een lange zin als wachtwoord"


def raw_token(url: str) -> str:
    return re.fullmatch(rf"{BASE}/uitnodiging/(\S+)", url).group(1)


def invite_school(database, place, **overrides):
    values = {
        "email": "Contact@School.example",
        "display_name": "Mevr. de Vries",
        "school_id": place.utrecht_school,
        "base_url": BASE,
        **overrides,
    }
    return database.run_in_transaction(
        lambda session: invite_school_contact(session, place.coordinator, **values)
    )


def accept(database, raw: str, password: str = GOOD_PASSWORD) -> int:
    return database.run_in_transaction(
        lambda session: accept_invitation(session, raw, password)
    )


def test_an_admin_invites_a_coordinator_for_two_regions_who_can_then_sign_in(database, place):
    with database.unit_of_work() as session:
        invitation = invite_coordinator(
            session,
            place.admin,
            email="nieuw@example.org",
            display_name="Nieuwe Coördinator",
            region_ids=[place.utrecht, place.rotterdam],
            base_url=BASE,
        )
        session.commit()
    [mail] = outbox_to(database, "nieuw@example.org")
    assert invitation.accept_url in mail.body_text
    with database.unit_of_work() as session:
        assert users.authenticate(session, "nieuw@example.org", GOOD_PASSWORD) is None
        accept_invitation(session, raw_token(invitation.accept_url), GOOD_PASSWORD)
        session.commit()
    with database.unit_of_work() as session:
        account = users.authenticate(session, "nieuw@example.org", GOOD_PASSWORD)
    assert account.role == "coordinator"
    assert account.region_ids == {place.utrecht, place.rotterdam}
    assert audit_actions(database, "user", invitation.user_id) == [
        ("user.invited", place.admin.user_id),
        ("user.invitation_accepted", invitation.user_id),
    ]


def test_only_an_admin_invites_coordinators_and_a_refusal_writes_nothing(database, place):
    with pytest.raises(NotPermitted) as refused:
        database.run_in_transaction(
            lambda session: invite_coordinator(
                session,
                place.coordinator,
                email="x@example.org",
                display_name="X",
                region_ids=[place.utrecht],
                base_url=BASE,
            )
        )
    assert refused.value.decision is Decision.FORBIDDEN
    assert outbox_to(database, "x@example.org") == []
    with database.unit_of_work() as session:
        assert session.scalars(select(User).where(User.email == "x@example.org")).all() == []


def test_a_school_contact_or_volunteer_invites_nobody(database, place):
    for role in (Role.SCHOOL, Role.VOLUNTEER):
        actor = Actor(
            user_id=place.admin.user_id,
            role=role,
            region_ids=frozenset({place.utrecht}),
            school_ids=frozenset({place.utrecht_school}),
        )
        with pytest.raises(NotPermitted):
            invite_school(database, replace(place, coordinator=actor))
    assert outbox_to(database, "contact@school.example") == []


def test_an_invitation_that_fails_halfway_writes_nothing_though_the_caller_commits(
    database, place
):
    # A lifetime out of range is found after the account was added (or renamed).
    with pytest.raises(ValueError, match="48 hours"):
        invite_school(database, place, ttl=timedelta(hours=1))
    with database.unit_of_work() as session:
        assert session.scalars(select(User).where(User.role == "school")).all() == []
        assert session.scalars(select(Token)).all() == []
        assert session.scalars(select(OutboxMail)).all() == []

    first = raw_token(invite_school(database, place).accept_url)
    with pytest.raises(ValueError, match="48 hours"):
        invite_school(database, place, display_name="Iemand Anders", ttl=timedelta(hours=1))
    with database.unit_of_work() as session:
        assert invited_user(session, first).display_name == "Mevr. de Vries"
    assert len(outbox_to(database, "contact@school.example")) == 1


def test_a_coordinator_invites_contacts_only_for_schools_in_their_region(database, place):
    invitation = invite_school(database, place)
    with database.unit_of_work() as session:
        user = session.get(User, invitation.user_id)
        assert (user.email, user.role, [s.id for s in user.schools]) == (
            "contact@school.example",
            "school",
            [place.utrecht_school],
        )
    with pytest.raises(NotInScope):
        invite_school(database, place, email="b@example.org", school_id=place.rotterdam_school)
    with pytest.raises(NotInScope):
        invite_school(database, place, email="b@example.org", school_id=9999)
    assert outbox_to(database, "b@example.org") == []


def test_an_invitation_for_an_existing_address_or_a_bad_name_is_refused(database, place):
    with pytest.raises(BadInput, match="email"):
        invite_school(database, place, email="C-Utrecht@example.org")
    with pytest.raises(BadInput, match="email"):
        invite_school(database, place, email="no address")
    with pytest.raises(BadInput, match="display_name"):
        invite_school(database, place, email="c@example.org", display_name=" ")


def test_the_invite_link_works_once(database, place):
    raw = raw_token(invite_school(database, place).accept_url)
    accept(database, raw)
    with pytest.raises(tokens.TokenInvalid):
        accept(database, raw, "een ander lang wachtwoord")
    with database.unit_of_work() as session:
        assert users.authenticate(session, "contact@school.example", GOOD_PASSWORD)


def test_the_invite_link_expires_after_its_lifetime(database, place):
    raw = raw_token(invite_school(database, place, ttl=timedelta(hours=48)).accept_url)
    sent = clock.now()
    with clock.frozen_at(sent + timedelta(hours=47, minutes=59)), database.unit_of_work() as s:
        assert invited_user(s, raw).email == "contact@school.example"
    with (
        clock.frozen_at(sent + timedelta(hours=48)),
        database.unit_of_work() as s,
        pytest.raises(tokens.TokenInvalid),
    ):
        accept_invitation(s, raw, GOOD_PASSWORD)


def test_a_lifetime_outside_48_hours_to_7_days_is_refused(database, place):
    for ttl in (timedelta(hours=47), timedelta(days=7, seconds=1)):
        with pytest.raises(ValueError, match="48 hours to 7 days"):
            invite_school(database, place, ttl=ttl)


def test_a_weak_password_leaves_the_link_usable(database, place):
    raw = raw_token(invite_school(database, place).accept_url)
    with pytest.raises(WeakPassword):
        accept(database, raw, "kort")
    accept(database, raw)


def test_inviting_again_before_acceptance_replaces_the_old_link(database, place):
    first = raw_token(invite_school(database, place).accept_url)
    second = raw_token(invite_school(database, place, display_name="Mw. de Vries").accept_url)
    with pytest.raises(tokens.TokenInvalid):
        accept(database, first)
    user_id = accept(database, second)
    with database.unit_of_work() as session:
        assert session.get(User, user_id).display_name == "Mw. de Vries"
    with pytest.raises(BadInput, match="already exists"):
        invite_school(database, place)
