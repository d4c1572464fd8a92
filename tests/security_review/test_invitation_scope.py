"""Inviting again must stay within the inviter's scope.

Inviting an address whose invitation is still open replaces that invitation (a new
link, the old one stops working). A coordinator of another region could use that to
take over a contact another region invited: the pending account moved to their
school, and the link the other region sent stopped working.
"""

from __future__ import annotations

import re

import pytest

from matcher.accounts import tokens
from matcher.accounts.invitations import InvitationRefused, invite_school_contact, invited_user
from matcher.db.models import User
from tests.workspace.conftest import place  # noqa: F401 - fixture

BASE = "https://koppel.example"


def _invite(database, actor, school_id: int) -> str:
    with database.unit_of_work() as session:
        invitation = invite_school_contact(
            session, actor, email="contact@school.example", display_name="Mevr. de Vries",
            school_id=school_id, base_url=BASE,
        )
        session.commit()
    return re.fullmatch(rf"{BASE}/uitnodiging/(\S+)", invitation.accept_url).group(1)


def test_another_regions_coordinator_cannot_take_over_an_open_invitation(database, place):  # noqa: F811
    link = _invite(database, place.coordinator, place.utrecht_school)

    with pytest.raises(InvitationRefused) as refused:
        _invite(database, place.other_coordinator, place.rotterdam_school)

    assert refused.value.code == "email_taken"
    with database.unit_of_work() as session:
        user = invited_user(session, link)
        assert [school.id for school in user.schools] == [place.utrecht_school]


def test_the_inviting_region_may_still_invite_again(database, place):  # noqa: F811
    first = _invite(database, place.coordinator, place.utrecht_school)
    second = _invite(database, place.coordinator, place.utrecht_school)
    with database.unit_of_work() as session:
        with pytest.raises(tokens.TokenInvalid):
            invited_user(session, first)
        assert invited_user(session, second).email == "contact@school.example"


def test_an_admin_may_invite_again_for_any_school(database, place):  # noqa: F811
    _invite(database, place.coordinator, place.utrecht_school)
    link = _invite(database, place.admin, place.rotterdam_school)
    with database.unit_of_work() as session:
        user = invited_user(session, link)
        assert [school.id for school in user.schools] == [place.rotterdam_school]
        assert session.query(User).filter_by(email="contact@school.example").count() == 1
