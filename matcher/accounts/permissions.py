"""Who may do what in Koppel: role × action × scope, decided in one place.

Every web view declares one :class:`Permission`; the web layer asks :func:`decide`
and turns the answer into a redirect to the login page, a 403 or a 404. Object-level
checks pass a :class:`Scope` (the region, school and volunteer an object belongs to):
an object outside the actor's scope is *not found*, never *forbidden*, so probing ids
reveals nothing about what exists elsewhere.

Use cases ask the same rules with :func:`require`, which raises :class:`NotPermitted`
(or :class:`OutOfScope` for an object outside the actor's scope, which the web layer
shows as *not found*), so a use case is safe whoever calls it.

This module is pure: it knows neither Flask nor SQLAlchemy, so the rules can be read
and tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The six kinds of account.

    A mentor is a school account that follows only the pupils it is the mentor of; a
    designated contact (aandachtsfunctionaris) is a school account that receives the
    concerns about its school's pupils and nothing else of them.
    """

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    SCHOOL = "school"
    MENTOR = "mentor"
    VOLUNTEER = "volunteer"
    # The school's aandachtsfunctionaris: receives concerns about its pupils.
    DESIGNATED_CONTACT = "designated_contact"


class Permission(StrEnum):
    """The named actions a view can require."""

    PUBLIC = "public"
    DEV_TOOLS = "dev_tools"
    SIGNED_IN = "signed_in"
    ENTER_SECOND_FACTOR = "enter_second_factor"
    MANAGE_OWN_SECOND_FACTOR = "manage_own_second_factor"
    SIGN_OUT = "sign_out"
    VOLUNTEER_AREA = "volunteer_area"
    SCHOOL_AREA = "school_area"
    COORDINATOR_AREA = "coordinator_area"
    ADMIN_AREA = "admin_area"
    MENTOR_AREA = "mentor_area"
    VIEW_PUPIL = "view_pupil"
    EDIT_PUPIL = "edit_pupil"
    VIEW_VOLUNTEER = "view_volunteer"
    EDIT_VOLUNTEER = "edit_volunteer"
    VIEW_SCHOOL = "view_school"
    INVITE_SCHOOL_CONTACT = "invite_school_contact"
    INVITE_MENTOR = "invite_mentor"
    SET_REGION_THRESHOLDS = "set_region_thresholds"
    RECORD_ABSENCE = "record_absence"
    MANAGE_OWN_DIGEST = "manage_own_digest"
    RUN_MATCHING = "run_matching"
    RUN_NATIONAL_MATCHING = "run_national_matching"
    DECIDE_MATCH = "decide_match"
    MANAGE_USERS = "manage_users"
    MANAGE_JOBS = "manage_jobs"
    SCREEN_VOLUNTEER = "screen_volunteer"
    EXPORT_LISTS = "export_lists"
    RECORD_CONTACT = "record_contact"
    VIEW_CONTACTS = "view_contacts"
    SET_RHYTHM = "set_rhythm"
    CONCERNS_AREA = "concerns_area"
    RAISE_CONCERN = "raise_concern"
    VIEW_CONCERN = "view_concern"
    ACKNOWLEDGE_CONCERN = "acknowledge_concern"
    HAND_OVER_CONCERN = "hand_over_concern"
    CLOSE_CONCERN = "close_concern"
    ANSWER_QUESTIONNAIRE = "answer_questionnaire"
    REQUEST_END = "request_end"
    VIEW_PROGRESS = "view_progress"


class Decision(StrEnum):
    """The outcome of :func:`decide`; the web layer maps each to an HTTP answer."""

    ALLOWED = "allowed"
    NEEDS_LOGIN = "needs_login"
    NEEDS_SECOND_FACTOR = "needs_second_factor"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Actor:
    """A signed-in account as the rules see it: plain values, no database row."""

    user_id: int
    role: Role
    region_ids: frozenset[int] = frozenset()
    school_ids: frozenset[int] = frozenset()
    second_factor_passed: bool = False


@dataclass(frozen=True)
class Scope:
    """Where an object belongs: its region, its school, the volunteer and the mentor.

    A pupil's scope is its school's region and school plus the user ids of its matched
    volunteer and of its mentor (if any); a volunteer profile's scope is its region and
    its own user id.
    """

    region_id: int | None = None
    school_id: int | None = None
    volunteer_user_id: int | None = None
    mentor_user_id: int | None = None


# Permissions anyone may use, signed in or not.
_OPEN = frozenset({Permission.PUBLIC, Permission.DEV_TOOLS})

# Permissions a coordinator or admin may use before passing the second factor:
# entering the code itself, and leaving.
_BEFORE_SECOND_FACTOR = frozenset({Permission.ENTER_SECOND_FACTOR, Permission.SIGN_OUT})

_ALL_ROLES = frozenset(Role)
_STAFF = frozenset({Role.COORDINATOR, Role.ADMIN})
# Everyone who handles concerns about pupils signs in with a second factor.
_SAFEGUARDING = _STAFF | {Role.DESIGNATED_CONTACT}

ROLES_FOR: dict[Permission, frozenset[Role]] = {
    Permission.SIGNED_IN: _ALL_ROLES,
    Permission.SIGN_OUT: _ALL_ROLES,
    Permission.ENTER_SECOND_FACTOR: _SAFEGUARDING,
    # The security page: new recovery codes, only after passing the second factor.
    Permission.MANAGE_OWN_SECOND_FACTOR: _SAFEGUARDING,
    Permission.VOLUNTEER_AREA: frozenset({Role.VOLUNTEER}),
    Permission.SCHOOL_AREA: frozenset({Role.SCHOOL}),
    Permission.COORDINATOR_AREA: _STAFF,
    Permission.ADMIN_AREA: frozenset({Role.ADMIN}),
    Permission.MENTOR_AREA: frozenset({Role.MENTOR}),
    Permission.VIEW_PUPIL: _ALL_ROLES,
    Permission.EDIT_PUPIL: frozenset({Role.SCHOOL, Role.COORDINATOR, Role.ADMIN}),
    Permission.VIEW_VOLUNTEER: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN}),
    Permission.EDIT_VOLUNTEER: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN}),
    Permission.VIEW_SCHOOL: frozenset({Role.SCHOOL, Role.COORDINATOR, Role.ADMIN}),
    Permission.INVITE_SCHOOL_CONTACT: _STAFF,
    # A school contact invites the colleagues who mentor the school's pupils.
    Permission.INVITE_MENTOR: frozenset({Role.SCHOOL}),
    # A region's escalation thresholds: its coordinators (admins: every region).
    Permission.SET_REGION_THRESHOLDS: _STAFF,
    # A coordinator records their own absence and names a deputy; the deputy reads it.
    Permission.RECORD_ABSENCE: frozenset({Role.COORDINATOR}),
    # The weekly digest goes to coordinators, who turn it off or on themselves.
    Permission.MANAGE_OWN_DIGEST: frozenset({Role.COORDINATOR}),
    Permission.RUN_MATCHING: _STAFF,
    # A national run, and its instance and result, list every region's people.
    Permission.RUN_NATIONAL_MATCHING: frozenset({Role.ADMIN}),
    Permission.DECIDE_MATCH: _STAFF,
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.MANAGE_JOBS: frozenset({Role.ADMIN}),
    # Volunteers may view and edit their own profile, but never screen themselves.
    Permission.SCREEN_VOLUNTEER: _STAFF,
    Permission.EXPORT_LISTS: _STAFF,
    # Contact moments and holiday pauses are logged by the match's own volunteer only;
    # staff read them and agree the rhythm with the volunteer. The school follows the
    # contact log too: the pupil's mentor, and its contacts (mentor of all its pupils).
    Permission.RECORD_CONTACT: frozenset({Role.VOLUNTEER}),
    Permission.VIEW_CONTACTS: _ALL_ROLES - {Role.DESIGNATED_CONTACT},
    Permission.SET_RHYTHM: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN}),
    # Concerns about a pupil: the volunteer raises one; the school's designated contacts
    # and the region's coordinators read and acknowledge it; only the designated contact
    # takes it into the school's own procedure. Nobody else learns it exists.
    Permission.CONCERNS_AREA: _SAFEGUARDING,
    Permission.RAISE_CONCERN: frozenset({Role.VOLUNTEER}),
    Permission.VIEW_CONCERN: _SAFEGUARDING | {Role.VOLUNTEER},
    Permission.ACKNOWLEDGE_CONCERN: _SAFEGUARDING,
    Permission.HAND_OVER_CONCERN: frozenset({Role.DESIGNATED_CONTACT}),
    Permission.CLOSE_CONCERN: _SAFEGUARDING,
    # The two sides of a pair answer check-ins and exit questions; each only their own.
    Permission.ANSWER_QUESTIONNAIRE: frozenset({Role.VOLUNTEER, Role.SCHOOL, Role.MENTOR}),
    # Anyone around a live match may ask to end it; the coordinator settles the request.
    Permission.REQUEST_END: _ALL_ROLES - {Role.DESIGNATED_CONTACT},
    Permission.VIEW_PROGRESS: frozenset({Role.MENTOR, Role.SCHOOL, Role.COORDINATOR, Role.ADMIN}),
}

# Roles that must pass a second factor (TOTP) before anything but the exceptions above.
SECOND_FACTOR_ROLES = _SAFEGUARDING


def decide(actor: Actor | None, permission: Permission, scope: Scope | None = None) -> Decision:
    """Decide whether ``actor`` (``None`` when anonymous) may use ``permission``.

    Without ``scope`` only the role is checked (a list page, an area). With ``scope``
    the object must also lie within the actor's regions, schools or own records;
    otherwise the answer is ``NOT_FOUND`` so that ids outside one's scope stay hidden.
    Admins see every scope.
    """
    if permission in _OPEN:
        return Decision.ALLOWED
    if actor is None:
        return Decision.NEEDS_LOGIN
    if actor.role not in ROLES_FOR[permission]:
        return Decision.FORBIDDEN
    if (
        actor.role in SECOND_FACTOR_ROLES
        and not actor.second_factor_passed
        and permission not in _BEFORE_SECOND_FACTOR
    ):
        return Decision.NEEDS_SECOND_FACTOR
    if scope is not None and not in_scope(actor, scope):
        return Decision.NOT_FOUND
    return Decision.ALLOWED


def can(actor: Actor | None, permission: Permission, scope: Scope | None = None) -> bool:
    """True when :func:`decide` allows it; for templates and use cases that only branch."""
    return decide(actor, permission, scope) is Decision.ALLOWED


class NotPermitted(PermissionError):
    """The actor may not use this permission at all (the web answers 403)."""

    def __init__(self, permission: Permission, decision: Decision) -> None:
        super().__init__(f"{permission.value}: {decision.value}")
        self.permission = permission
        self.decision = decision


class OutOfScope(LookupError):
    """The object lies outside the actor's regions, schools or own records (the web
    answers 404, so that probing ids reveals nothing)."""


def require(actor: Actor | None, permission: Permission, scope: Scope | None = None) -> None:
    """Raise unless :func:`decide` allows ``actor`` to use ``permission`` on ``scope``.

    >>> try:
    ...     require(Actor(7, Role.VOLUNTEER), Permission.SCREEN_VOLUNTEER)
    ... except NotPermitted as refused:
    ...     print(refused.decision)
    forbidden
    """
    decision = decide(actor, permission, scope)
    if decision is Decision.NOT_FOUND:
        raise OutOfScope(permission.value)
    if decision is not Decision.ALLOWED:
        raise NotPermitted(permission, decision)


def visible_regions(actor: Actor) -> frozenset[int] | None:
    """The regions whose records ``actor`` may see: ``None`` means every region (admins).

    >>> visible_regions(Actor(3, Role.COORDINATOR, region_ids=frozenset({2})))
    frozenset({2})
    >>> visible_regions(Actor(1, Role.ADMIN)) is None
    True
    """
    return None if actor.role is Role.ADMIN else actor.region_ids


def in_scope(actor: Actor, scope: Scope) -> bool:
    """Whether an object with ``scope`` lies within what ``actor`` may see.

    Coordinators see their regions, school contacts and designated contacts their
    schools, a mentor only the
    pupils of their schools they are the mentor of, volunteers only records that
    concern themselves.

    >>> mentor = Actor(5, Role.MENTOR, school_ids=frozenset({2}))
    >>> in_scope(mentor, Scope(school_id=2, mentor_user_id=5))
    True
    >>> in_scope(mentor, Scope(school_id=2, mentor_user_id=6))
    False
    """
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.COORDINATOR:
        return scope.region_id is not None and scope.region_id in actor.region_ids
    if actor.role in {Role.SCHOOL, Role.DESIGNATED_CONTACT}:
        return scope.school_id is not None and scope.school_id in actor.school_ids
    if actor.role is Role.MENTOR:
        return (
            scope.school_id is not None
            and scope.school_id in actor.school_ids
            and scope.mentor_user_id == actor.user_id
        )
    return scope.volunteer_user_id is not None and scope.volunteer_user_id == actor.user_id
