"""Account use cases without Flask: sign in, sessions, passwords, TOTP secrets.

Checking the second factor itself (codes that work once, recovery codes, resets)
is :mod:`matcher.accounts.second_factor`.

Each use case changes the session it is given and never commits: the caller runs
it in ``Database.run_in_transaction``. Signing in (:func:`authenticate`,
:func:`load_account`) comes before there is an actor; it returns an :class:`Account`
snapshot (plain values) that the web layer keeps for the request, never a live
database row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyotp
from sqlalchemy.orm import Session

from matcher.accounts import recovery_codes
from matcher.accounts.absences import covered_region_ids
from matcher.accounts.password_strength import require_strong
from matcher.accounts.passwords import hash_password, needs_rehash, verify_password
from matcher.accounts.permissions import Actor, Permission, Role, require
from matcher.db.models import User
from matcher.db.queries import user_by_email
from matcher.shared import clock, email_addresses
from matcher.shared.clock import today
from matcher.shared.errors import BadInput


@dataclass(frozen=True)
class Account:
    """What the web layer needs to know about a signed-in user."""

    user_id: int
    email: str
    role: Role
    display_name: str
    session_version: int
    region_ids: frozenset[int]
    school_ids: frozenset[int]
    has_second_factor: bool


@cache
def _decoy_hash() -> str:
    # Checking a password against this for unknown e-mail addresses makes a failed
    # sign-in take as long whether or not the account exists.
    return hash_password("koppel-decoy-password-never-matches")


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """The account for ``email`` and ``password``, or ``None``.

    Unknown addresses, wrong passwords, unconfirmed, inactive and anonymised
    accounts all give ``None`` after the same amount of work, so the caller can
    only show one message and nobody learns which addresses exist. There is no
    actor yet: the password is the authority. A successful sign-in notes the moment
    (and rehashes an outdated hash) in the session; the caller commits.
    """
    user = user_by_email(session, email)
    if user is None or user.password_hash is None:
        verify_password(_decoy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not _may_sign_in(user):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = clock.now()
    return _snapshot(session, user)


def load_account(session: Session, user_id: int, session_version: int) -> Account | None:
    """The account behind a session cookie, or ``None`` when that session has ended.

    A session ends when the user logs out or changes password (the version moves
    on), or when the account is deactivated or anonymised.
    """
    user = session.get(User, user_id)
    if user is None or user.session_version != session_version or not _may_sign_in(user):
        return None
    return _snapshot(session, user)


def end_all_sessions(session: Session, actor: Actor) -> None:
    """Make every existing session cookie of ``actor`` invalid (log out everywhere)."""
    require(actor, Permission.SIGN_OUT)
    user = _user(session, actor.user_id)
    user.session_version += 1


def set_password(session: Session, actor: Actor, password: str) -> None:
    """Give ``actor`` a new password and end all their sessions.

    Raises :class:`~matcher.accounts.password_strength.WeakPassword` when it is refused.
    """
    require(actor, Permission.SIGNED_IN)
    store_new_password(session, actor.user_id, password)


def store_new_password(session: Session, user_id: int, password: str) -> None:
    """Set the password of ``user_id`` and end all their sessions.

    A step of use cases that have authorised it already (:func:`set_password` for the
    actor's own account, a reset link), not a use case itself. Raises
    :class:`~matcher.accounts.password_strength.WeakPassword` when it is refused.
    """
    require_strong(password)
    user = _user(session, user_id)
    user.password_hash = hash_password(password)
    user.session_version += 1


@dataclass(frozen=True)
class NewAdmin:
    """A created admin with the secrets to print once: TOTP secret and recovery codes."""

    account: Account
    totp_secret: str
    recovery_codes: list[str]


def create_admin(
    session: Session, email: str, password: str, display_name: str = "Beheerder"
) -> NewAdmin:
    """Create a confirmed admin with a fresh TOTP secret and recovery codes.

    For the first account of a fresh production install (``koppel create-admin``),
    who has nobody to reset a lost second factor for them: hence the codes. There is
    no actor: nobody can sign in yet, and whoever may run ``koppel`` on the server is
    the authority. The caller commits.
    """
    if not email_addresses.is_valid(email):
        raise BadInput(f"email: not an e-mail address ({email!r})")
    address = email_addresses.normalise(email)
    require_strong(password)
    if user_by_email(session, address) is not None:
        raise BadInput(f"email: an account with {address} already exists")
    secret = new_totp_secret()
    user = User(
        email=address,
        password_hash=hash_password(password),
        role=Role.ADMIN.value,
        display_name=display_name,
        email_confirmed_at=clock.now(),
        totp_secret=secret,
    )
    session.add(user)
    session.flush()
    codes = recovery_codes.issue(session, user.id)
    return NewAdmin(_snapshot(session, user), secret, codes)


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` URI an authenticator app can import."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Koppel")


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now (per :func:`matcher.shared.clock.now`)."""
    return pyotp.TOTP(secret).at(clock.now())


def actor_for(account: Account, *, second_factor_passed: bool) -> Actor:
    """The permission subject for ``account`` (see :mod:`matcher.accounts.permissions`)."""
    return Actor(
        user_id=account.user_id,
        role=account.role,
        region_ids=account.region_ids,
        school_ids=account.school_ids,
        second_factor_passed=second_factor_passed,
    )


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise BadInput(f"user: no account with id {user_id}")
    return user


def _may_sign_in(user: User) -> bool:
    return user.active and user.anonymised_at is None and user.email_confirmed_at is not None


def _snapshot(session: Session, user: User) -> Account:
    """The account as the request sees it; a coordinator covering for an absent colleague
    today has the colleague's regions too (:mod:`matcher.accounts.absences`)."""
    covered = (
        covered_region_ids(session, user.id, today())
        if user.role == Role.COORDINATOR.value else frozenset()
    )
    return Account(
        user_id=user.id,
        email=user.email or "",
        role=Role(user.role),
        display_name=user.display_name or "",
        session_version=user.session_version,
        region_ids=frozenset(region.id for region in user.regions) | covered,
        school_ids=frozenset(school.id for school in user.schools),
        has_second_factor=user.totp_secret is not None,
    )
