"""The pure rules of matcher.accounts.permissions: role, second factor, and scope."""

import pytest

from matcher.accounts.permissions import Actor, Decision, Permission, Role, Scope, can, decide

COORDINATOR = Actor(1, Role.COORDINATOR, region_ids=frozenset({10}), second_factor_passed=True)
SCHOOL = Actor(2, Role.SCHOOL, school_ids=frozenset({20}))
VOLUNTEER = Actor(3, Role.VOLUNTEER)
ADMIN = Actor(4, Role.ADMIN, second_factor_passed=True)

PUPIL_HERE = Scope(region_id=10, school_id=20, volunteer_user_id=3)
PUPIL_ELSEWHERE = Scope(region_id=11, school_id=21, volunteer_user_id=99)


def test_anonymous_visitors_may_only_use_public_pages():
    assert decide(None, Permission.PUBLIC) is Decision.ALLOWED
    assert decide(None, Permission.VOLUNTEER_AREA) is Decision.NEEDS_LOGIN


def test_a_role_outside_the_permission_is_forbidden():
    assert decide(VOLUNTEER, Permission.COORDINATOR_AREA) is Decision.FORBIDDEN
    assert decide(SCHOOL, Permission.RUN_MATCHING) is Decision.FORBIDDEN
    assert decide(COORDINATOR, Permission.ADMIN_AREA) is Decision.FORBIDDEN


def test_staff_need_the_second_factor_for_everything_but_entering_it_and_leaving():
    password_only = Actor(1, Role.COORDINATOR, region_ids=frozenset({10}))
    assert decide(password_only, Permission.COORDINATOR_AREA) is Decision.NEEDS_SECOND_FACTOR
    assert decide(password_only, Permission.VIEW_PUPIL, PUPIL_HERE) is Decision.NEEDS_SECOND_FACTOR
    assert decide(password_only, Permission.ENTER_SECOND_FACTOR) is Decision.ALLOWED
    assert decide(password_only, Permission.SIGN_OUT) is Decision.ALLOWED


@pytest.mark.parametrize("actor", [COORDINATOR, SCHOOL, VOLUNTEER, ADMIN])
def test_each_role_sees_a_pupil_in_its_own_scope(actor):
    assert can(actor, Permission.VIEW_PUPIL, PUPIL_HERE)


@pytest.mark.parametrize("actor", [COORDINATOR, SCHOOL, VOLUNTEER])
def test_a_pupil_outside_ones_scope_is_not_found_rather_than_forbidden(actor):
    assert decide(actor, Permission.VIEW_PUPIL, PUPIL_ELSEWHERE) is Decision.NOT_FOUND


def test_admins_see_every_scope():
    assert can(ADMIN, Permission.DECIDE_MATCH, PUPIL_ELSEWHERE)


def test_an_object_without_a_region_is_outside_every_coordinators_scope():
    assert decide(COORDINATOR, Permission.VIEW_VOLUNTEER, Scope()) is Decision.NOT_FOUND


@pytest.mark.parametrize("actor", [COORDINATOR, SCHOOL, VOLUNTEER])
def test_only_admins_may_run_national_matching(actor):
    assert decide(actor, Permission.RUN_NATIONAL_MATCHING) is Decision.FORBIDDEN
    assert decide(ADMIN, Permission.RUN_NATIONAL_MATCHING) is Decision.ALLOWED
