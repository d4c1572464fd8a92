"""Invitations: staff accounts are never signed up for, only invited.

An admin invites coordinators (for one or more regions); a coordinator invites
school contacts for schools in their own regions; a school contact invites the
school's mentors (colleagues who follow only their own pupils). The invitee gets a single-use,
expiring link (:mod:`matcher.accounts.tokens`) to a page with a form that sets their
password; only then is the account confirmed and able to sign in. Invited
coordinators enrol their second factor at their first sign-in.

Inviting takes the inviting :class:`~matcher.accounts.permissions.Actor`; accepting
has none (the single-use link is the authority). No use case here commits: the
caller commits the account, its link, the mail and the audit entry together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts import tokens
from matcher.accounts.password_strength import require_strong
from matcher.accounts.passwords import hash_password
from matcher.accounts.permissions import (
    Actor,
    OutOfScope,
    Permission,
    Role,
    Scope,
    can,
    require,
)
from matcher.db.models import Region, School, User
from matcher.db.queries import user_by_email
from matcher.mail import outbox, rendering
from matcher.privacy import audit
from matcher.shared import clock, email_addresses
from matcher.shared.errors import RuleViolation

PURPOSE = "invite"
MIN_TTL = timedelta(hours=48)
MAX_TTL = timedelta(days=7)
DEFAULT_TTL = timedelta(days=7)
MAX_NAME = 120
_LOCAL = ZoneInfo("Europe/Amsterdam")
_ROLE_NAMES = {
    Role.COORDINATOR: ("regiocoördinator", "regional coordinator"),
    Role.SCHOOL: ("contactpersoon van een school", "school contact"),
    Role.DESIGNATED_CONTACT: (
        "aandachtsfunctionaris van een school",
        "school's designated safeguarding contact",
    ),
    Role.MENTOR: ("mentor van leerlingen van uw school", "mentor of pupils at your school"),
}
# Who may invite an account of each role again, for each school it is open for.
_REINVITING = {
    Role.COORDINATOR: Permission.MANAGE_USERS,
    Role.SCHOOL: Permission.INVITE_SCHOOL_CONTACT,
    Role.MENTOR: Permission.INVITE_MENTOR,
    Role.DESIGNATED_CONTACT: Permission.INVITE_SCHOOL_CONTACT,
}


class InvitationRefused(RuleViolation):
    """The invitation's details are not acceptable: the field and a code saying why."""

    TEXTS = {
        "no_region": "choose at least one region",
        "unknown_region": "unknown region",
        "not_an_email": "not an e-mail address",
        "name_length": "give a name of at most {limit} characters",
        "email_taken": "an account with this address already exists",
    }


class NotInScope(OutOfScope):
    """The school or region is not the inviter's to invite for (the web answers 404)."""


@dataclass(frozen=True)
class Invitation:
    """A sent invitation: the new account and the link that went out by mail."""

    user_id: int
    accept_url: str


def invite_coordinator(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    region_ids: list[int],
    base_url: str,
    ttl: timedelta = DEFAULT_TTL,
) -> Invitation:
    """Create a coordinator for ``region_ids`` and mail them an invite link.

    Admins only: anyone else gets :class:`~matcher.accounts.permissions.NotPermitted`.
    """
    require(actor, Permission.MANAGE_USERS)
    if not region_ids:
        raise InvitationRefused("regions", "no_region")
    regions = session.scalars(select(Region).where(Region.id.in_(region_ids))).all()
    if len(regions) != len(set(region_ids)):
        raise InvitationRefused("regions", "unknown_region")
    user = _new_user(session, actor, Role.COORDINATOR, email, display_name)
    user.regions = list(regions)
    return _send(session, actor, user, base_url, ttl)


def invite_school_contact(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    school_id: int,
    base_url: str,
    ttl: timedelta = DEFAULT_TTL,
    designated: bool = False,
) -> Invitation:
    """Create a contact for one school and mail them an invite link.

    With ``designated`` the account is the school's designated contact
    (aandachtsfunctionaris), who receives concerns about its pupils and signs in with a
    second factor. The school is checked by :func:`school_to_invite_for`.
    """
    school = school_to_invite_for(session, actor, school_id)
    role = Role.DESIGNATED_CONTACT if designated else Role.SCHOOL
    user = _new_user(session, actor, role, email, display_name)
    user.schools = [school]
    return _send(session, actor, user, base_url, ttl)


def school_to_invite_for(session: Session, actor: Actor, school_id: int) -> School:
    """The school ``actor`` may invite a contact for (the invite page shows its name).

    Only staff invite (others get :class:`~matcher.accounts.permissions.NotPermitted`),
    and the school must lie in one of the inviting coordinator's regions (admins:
    any); otherwise :class:`NotInScope`, whether or not the school exists.
    """
    require(actor, Permission.INVITE_SCHOOL_CONTACT)
    school = session.get(School, school_id)
    if school is None:
        raise NotInScope("school")
    try:
        require(actor, Permission.INVITE_SCHOOL_CONTACT, Scope(region_id=school.region_id))
    except OutOfScope:
        raise NotInScope("school") from None
    return school


def invite_mentor(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    school_id: int,
    base_url: str,
    ttl: timedelta = DEFAULT_TTL,
) -> Invitation:
    """Create a mentor for one school and mail them an invite link.

    Only a contact of that school invites (others get
    :class:`~matcher.accounts.permissions.NotPermitted`); another school, or none, is
    :class:`NotInScope`.
    """
    require(actor, Permission.INVITE_MENTOR)
    school = session.get(School, school_id)
    if school is None:
        raise NotInScope("school")
    try:
        require(actor, Permission.INVITE_MENTOR, Scope(region_id=school.region_id,
                                                       school_id=school.id))
    except OutOfScope:
        raise NotInScope("school") from None
    user = _new_user(session, actor, Role.MENTOR, email, display_name)
    user.schools = [school]
    return _send(session, actor, user, base_url, ttl)


def invited_user(session: Session, raw_token: str) -> User:
    """The account a still-valid invite link is for (raises ``tokens.TokenInvalid``)."""
    token = tokens.peek(session, PURPOSE, raw_token)
    if token.user is None:
        raise tokens.TokenInvalid
    return token.user


def accept_invitation(session: Session, raw_token: str, password: str) -> int:
    """Set the invitee's password and confirm the account; returns the user id.

    The password is checked first, so a refused password leaves the link usable;
    an unknown, used or expired link raises ``tokens.TokenInvalid``. The link is the
    authority, so there is no actor; the caller commits.
    """
    require_strong(password)
    token = tokens.consume(session, PURPOSE, raw_token)
    user = token.user
    if user is None or user.anonymised_at is not None:
        raise tokens.TokenInvalid
    user.password_hash = hash_password(password)
    user.email_confirmed_at = clock.now()
    user.session_version += 1
    audit.record(session, "user.invitation_accepted", "user", user.id, actor_user_id=user.id)
    return user.id


def _new_user(session: Session, actor: Actor, role: Role, email: str, display_name: str) -> User:
    if not email_addresses.is_valid(email):
        raise InvitationRefused("email", "not_an_email")
    address = email_addresses.normalise(email)
    name = display_name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvitationRefused("display_name", "name_length", limit=MAX_NAME)
    existing = user_by_email(session, address)
    if existing is not None:
        if not (_invited_but_not_accepted(existing, role) and _may_reinvite(actor, existing)):
            raise InvitationRefused("email", "email_taken")
        # Inviting again replaces the earlier, unused link.
        tokens.revoke_all(session, PURPOSE, existing.id)
        existing.display_name = name
        return existing
    user = User(email=address, role=role.value, display_name=name)
    session.add(user)
    return user


def _invited_but_not_accepted(user: User, role: Role) -> bool:
    return (
        user.role == role.value
        and user.password_hash is None
        and user.email_confirmed_at is None
        and user.anonymised_at is None
    )


def _may_reinvite(actor: Actor, user: User) -> bool:
    # Inviting again moves the open invitation to the new school: only someone who
    # may invite for each school it is open for may replace it (not another region
    # or school).
    permission = _REINVITING[Role(user.role)]
    return all(
        can(actor, permission, Scope(region_id=school.region_id, school_id=school.id))
        for school in user.schools
    )


def _send(session: Session, actor: Actor, user: User, base_url: str, ttl: timedelta) -> Invitation:
    if not MIN_TTL <= ttl <= MAX_TTL:
        raise ValueError("an invitation is valid for 48 hours to 7 days")
    session.flush()
    raw = tokens.issue(session, PURPOSE, user_id=user.id, ttl=ttl)
    accept_url = rendering.link(base_url, f"/uitnodiging/{raw}")
    expires = (clock.now() + ttl).astimezone(_LOCAL)
    role_nl, role_en = _ROLE_NAMES[Role(user.role)]
    mail = rendering.render(
        "invitation",
        to=user.email or "",
        name=user.display_name or "",
        role_nl=role_nl,
        role_en=role_en,
        accept_url=accept_url,
        expires_nl=f"{expires:%d-%m-%Y %H:%M}",
        expires_en=f"{expires:%Y-%m-%d %H:%M} (Amsterdam time)",
    )
    outbox.enqueue(session, mail)
    audit.record(
        session, "user.invited", "user", user.id, actor_user_id=actor.user_id, role=user.role
    )
    return Invitation(user_id=user.id, accept_url=accept_url)
