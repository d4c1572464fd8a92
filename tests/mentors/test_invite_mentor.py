"""Inviting a mentor at the level of the use case: who may, for which school."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.accounts import invitations
from matcher.accounts.permissions import NotPermitted
from matcher.db.models import User
from tests.matches.world import actor_of

BASE = "https://koppel.test"


def invite(session, actor, school_id: int, email: str = "nieuw@school.example"):
    return invitations.invite_mentor(session, actor, email=email, display_name="Nieuwe Mentor",
                                     school_id=school_id, base_url=BASE)


def test_a_contact_invites_a_mentor_of_their_school(database, place):
    with database.unit_of_work() as session:
        invitation = invite(session, actor_of(session, place.contact.user_id), place.school)
        user = session.get(User, invitation.user_id)
        assert (user.role, [s.id for s in user.schools], user.password_hash) == (
            "mentor", [place.school], None)


def test_another_school_is_not_in_scope_and_nothing_is_created(database, place):
    with database.unit_of_work() as session:
        with pytest.raises(invitations.NotInScope):
            invite(session, actor_of(session, place.other_contact.user_id), place.school)
        with pytest.raises(invitations.NotInScope):
            invite(session, actor_of(session, place.contact.user_id), 999999)
        assert session.scalar(select(User).where(User.email == "nieuw@school.example")) is None


def test_a_mentor_invites_no_one(database, place):
    with database.unit_of_work() as session, pytest.raises(NotPermitted):
        invite(session, actor_of(session, place.mentor.user_id), place.school)


def test_an_open_invitation_is_renewed_only_by_a_contact_of_its_school(database, place):
    with database.unit_of_work() as session:
        first = invite(session, actor_of(session, place.contact.user_id), place.school)
        again = invite(session, actor_of(session, place.contact.user_id), place.school)
        assert again.user_id == first.user_id and again.accept_url != first.accept_url
        with pytest.raises(invitations.InvitationRefused):
            invite(session, actor_of(session, place.other_contact.user_id), place.other_school)
