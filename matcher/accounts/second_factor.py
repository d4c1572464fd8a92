"""The second factor of coordinators and admins: TOTP codes that work once, recovery codes.

A TOTP code is accepted within one 30-second step of drift either side, but never
twice: the last accepted time step is stored per user and a code must belong to a
later step (so a code seen over someone's shoulder cannot be replayed). Recovery
codes (:mod:`matcher.accounts.recovery_codes`) stand in for the app when the phone is gone;
they are made when the user sets up the second factor, and again on request.

Every use case takes the acting :class:`~matcher.accounts.permissions.Actor`, changes
the session and audits the change by id only; it never commits (the caller does).
The sign-in steps (:func:`verify_totp`, :func:`use_recovery_code`, :func:`enrol`) act
for the account being signed in: its actor has passed the password, not yet the
second factor, which :data:`Permission.ENTER_SECOND_FACTOR` allows.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

import pyotp
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from matcher.accounts import recovery_codes
from matcher.accounts.passwords import verify_password
from matcher.accounts.permissions import (
    SECOND_FACTOR_ROLES,
    Actor,
    OutOfScope,
    Permission,
    require,
)
from matcher.db.models import User
from matcher.privacy import audit
from matcher.shared import clock

# One 30-second step either side, for phones whose clock drifts a little.
TOTP_VALID_WINDOW = 1
STAFF_ROLES = tuple(role.value for role in SECOND_FACTOR_ROLES)


class NotResettable(OutOfScope):
    """No staff account the actor may reset has this id (the web answers 404)."""


@dataclass(frozen=True)
class StaffMember:
    """A coordinator or admin as the admin's second-factor page lists them."""

    user_id: int
    display_name: str
    email: str
    role: str
    has_second_factor: bool
    recovery_codes_left: int


def totp_step(secret: str, code: str) -> int | None:
    """The time step ``code`` belongs to, within the drift window around now; else ``None``.

    Steps are counted from the Unix epoch (30 seconds each), so a later code always
    has a larger step, which is what replay protection compares.
    """
    digits = "".join(code.split())
    if not (digits.isdigit() and len(digits) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(clock.now())
    for step in range(now_step - TOTP_VALID_WINDOW, now_step + TOTP_VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def verify_totp(session: Session, actor: Actor, code: str) -> bool:
    """Whether ``code`` is a current TOTP code of ``actor`` that has not been used before.

    The stored step moves forward in one conditional update, so two requests with
    the same code cannot both pass, not even at the same moment — once the caller
    commits, which it must do before treating the code as passed.
    """
    require(actor, Permission.ENTER_SECOND_FACTOR)
    user_id = actor.user_id
    secret = session.scalar(select(User.totp_secret).where(User.id == user_id))
    step = totp_step(secret, code) if secret else None
    return step is not None and _claim_step(session, user_id, step)


def use_recovery_code(session: Session, actor: Actor, code: str) -> int | None:
    """Use one of ``actor``'s recovery codes; the number left, or ``None`` when refused."""
    require(actor, Permission.ENTER_SECOND_FACTOR)
    user_id = actor.user_id
    if not recovery_codes.use(session, user_id, code):
        return None
    left = recovery_codes.remaining(session, user_id)
    audit.record(
        session,
        "second_factor.recovery_code_used",
        "user",
        user_id,
        actor_user_id=user_id,
        codes_left=left,
    )
    return left


def enrol(session: Session, actor: Actor, secret: str, code: str) -> list[str] | None:
    """Set up ``actor``'s second factor with ``secret`` if ``code`` proves the app has it.

    Returns the new recovery codes (to show once), or ``None``, having changed
    nothing, when the code is wrong or the user has a second factor already (say,
    set up in another tab).
    """
    require(actor, Permission.ENTER_SECOND_FACTOR)
    user_id = actor.user_id
    step = totp_step(secret, code)
    if step is None:
        return None
    claimed = session.execute(
        update(User)
        .where(User.id == user_id, User.totp_secret.is_(None))
        .values(totp_secret=secret, totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    codes = recovery_codes.issue(session, user_id)
    audit.record(session, "second_factor.enrolled", "user", user_id, actor_user_id=user_id)
    return codes


def regenerate_recovery_codes(session: Session, actor: Actor, password: str) -> list[str] | None:
    """A new set of ``actor``'s recovery codes (the old set stops working), or ``None``
    on a wrong password.

    The password is asked again because the codes open the account: someone at an
    unlocked screen must not be able to take a set home.
    """
    require(actor, Permission.MANAGE_OWN_SECOND_FACTOR)
    user_id = actor.user_id
    user = session.get(User, user_id)
    if user is None or user.totp_secret is None:
        return None
    if not verify_password(user.password_hash, password):
        return None
    codes = recovery_codes.issue(session, user_id)
    audit.record(
        session,
        "second_factor.recovery_codes_regenerated",
        "user",
        user_id,
        actor_user_id=user_id,
    )
    return codes


def reset(session: Session, actor: Actor, user_id: int) -> None:
    """Remove another staff member's second factor (admins only); they set it up again.

    Their TOTP secret and recovery codes go, and every session of theirs ends, so a
    lost phone or a leaked code list stops being useful at once.
    Raises :class:`~matcher.accounts.permissions.NotPermitted` for a non-admin and
    :class:`NotResettable` for anyone who is not such a staff member.
    """
    user = _resettable(session, actor, user_id)
    user.totp_secret = None
    user.totp_last_step = None
    user.session_version += 1
    recovery_codes.forget(session, user_id)
    audit.record(session, "second_factor.reset", "user", user_id, actor_user_id=actor.user_id)


def staff_members(session: Session, actor: Actor) -> list[StaffMember]:
    """Every coordinator and admin but ``actor``, with their second-factor state.

    Admins only: anyone else gets :class:`~matcher.accounts.permissions.NotPermitted`.
    """
    require(actor, Permission.MANAGE_USERS)
    users = session.scalars(
        select(User)
        .where(User.role.in_(STAFF_ROLES), User.anonymised_at.is_(None), User.id != actor.user_id)
        .order_by(User.display_name, User.id)
    ).all()
    return [_member(session, user) for user in users]


def staff_member(session: Session, actor: Actor, user_id: int) -> StaffMember:
    """One staff member ``actor`` may reset; raises :class:`NotResettable` otherwise
    (:class:`~matcher.accounts.permissions.NotPermitted` for a non-admin)."""
    return _member(session, _resettable(session, actor, user_id))


def _resettable(session: Session, actor: Actor, user_id: int) -> User:
    # The same rule for listing, showing and resetting: admins, other people, staff only.
    require(actor, Permission.MANAGE_USERS)
    user = session.get(User, user_id)
    if (
        user is None
        or user.id == actor.user_id
        or user.role not in STAFF_ROLES
        or user.anonymised_at is not None
    ):
        raise NotResettable(user_id)
    return user


def _member(session: Session, user: User) -> StaffMember:
    return StaffMember(
        user_id=user.id,
        display_name=user.display_name or "",
        email=user.email or "",
        role=user.role,
        has_second_factor=user.totp_secret is not None,
        recovery_codes_left=recovery_codes.remaining(session, user.id),
    )


def _claim_step(session: Session, user_id: int, step: int) -> bool:
    claimed = session.execute(
        update(User)
        .where(
            User.id == user_id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1
