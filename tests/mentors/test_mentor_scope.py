"""The mentor's place in the pure permission rules: their own pupils, nothing else."""

import pytest

from matcher.accounts.permissions import (
    SECOND_FACTOR_ROLES,
    Actor,
    Decision,
    Permission,
    Role,
    Scope,
    decide,
)

MENTOR = Actor(5, Role.MENTOR, school_ids=frozenset({20}))
SCHOOL = Actor(2, Role.SCHOOL, school_ids=frozenset({20}))
OWN_PUPIL = Scope(region_id=10, school_id=20, mentor_user_id=5)
COLLEAGUES_PUPIL = Scope(region_id=10, school_id=20, mentor_user_id=6)
PUPIL_WITHOUT_MENTOR = Scope(region_id=10, school_id=20)


@pytest.mark.parametrize("permission", [Permission.VIEW_PUPIL, Permission.VIEW_PROGRESS,
                                        Permission.VIEW_CONTACTS])
def test_a_mentor_sees_the_pupils_they_mentor(permission):
    assert decide(MENTOR, permission, OWN_PUPIL) is Decision.ALLOWED


@pytest.mark.parametrize("scope", [COLLEAGUES_PUPIL, PUPIL_WITHOUT_MENTOR])
def test_another_pupil_of_the_same_school_is_not_found_for_a_mentor(scope):
    assert decide(MENTOR, Permission.VIEW_PROGRESS, scope) is Decision.NOT_FOUND


def test_a_mentor_who_left_the_school_no_longer_sees_their_pupils():
    former = Actor(5, Role.MENTOR, school_ids=frozenset())
    assert decide(former, Permission.VIEW_PROGRESS, OWN_PUPIL) is Decision.NOT_FOUND


@pytest.mark.parametrize("scope", [OWN_PUPIL, COLLEAGUES_PUPIL, PUPIL_WITHOUT_MENTOR])
def test_a_school_contact_sees_every_pupil_of_their_school(scope):
    assert decide(SCHOOL, Permission.VIEW_PROGRESS, scope) is Decision.ALLOWED


def test_a_mentor_needs_no_second_factor_and_never_edits_or_invites():
    assert Role.MENTOR not in SECOND_FACTOR_ROLES
    assert decide(MENTOR, Permission.MENTOR_AREA) is Decision.ALLOWED
    for permission in (Permission.EDIT_PUPIL, Permission.SCHOOL_AREA, Permission.VIEW_SCHOOL,
                       Permission.INVITE_MENTOR, Permission.RECORD_CONTACT):
        assert decide(MENTOR, permission) is Decision.FORBIDDEN


def test_only_school_contacts_invite_mentors_and_only_for_their_school():
    assert decide(SCHOOL, Permission.INVITE_MENTOR, Scope(school_id=20)) is Decision.ALLOWED
    assert decide(SCHOOL, Permission.INVITE_MENTOR, Scope(school_id=21)) is Decision.NOT_FOUND
    volunteer = Actor(3, Role.VOLUNTEER)
    assert decide(volunteer, Permission.INVITE_MENTOR) is Decision.FORBIDDEN
