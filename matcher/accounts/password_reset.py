"""Forgotten passwords: a single-use, expiring link by mail, then a new password.

Asking for a link looks the same whether or not the address has an account (the
caller shows one answer either way), so the form cannot be used to find out who
uses Koppel. Setting the new password uses the link once and ends every session of
that account, so whoever knew the old password is signed out everywhere.

Neither use case has an actor: asking for a link is open to anyone (the form is
public) and the single-use link in the mail is the authority to set the password.
Both change the session only; the caller commits.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from matcher.accounts import password_strength, tokens, users
from matcher.db import queries
from matcher.db.models import Token, User
from matcher.mail import outbox, rendering
from matcher.privacy import audit

RESET_PURPOSE = "reset_password"
# Short, because the link replaces a password; long enough to find the mail.
RESET_TTL = timedelta(hours=1)
RESET_PATH = "/wachtwoord-herstellen/"


def request_reset(session: Session, email: str, *, base_url: str) -> bool:
    """Mail a reset link if ``email`` belongs to an account that may sign in.

    Earlier unused links of that account stop working, so only the newest mail
    counts. Returns whether a mail was queued — for tests and logs only; the page
    must not show it. Open to anyone, so no actor; the caller commits.
    """
    user = queries.user_by_email(session, email)
    if user is None or not _may_reset(user):
        return False
    tokens.revoke_all(session, RESET_PURPOSE, user.id)
    raw = tokens.issue(session, RESET_PURPOSE, user_id=user.id, ttl=RESET_TTL)
    mail = rendering.render(
        "reset_password",
        to=user.email,
        name=user.display_name or user.email,
        reset_url=rendering.link(base_url, RESET_PATH + raw),
    )
    outbox.enqueue(session, mail)
    audit.record(session, "password.reset_requested", "user", user.id, actor_user_id=None)
    return True


def check_link(session: Session, raw: str) -> None:
    """Raise :class:`matcher.accounts.tokens.TokenInvalid` unless ``raw`` is a usable reset link."""
    _user_for(session, tokens.peek(session, RESET_PURPOSE, raw))


def reset_password(session: Session, raw: str, password: str) -> int:
    """Use the link ``raw`` to set ``password``; returns the user id.

    Raises :class:`~matcher.accounts.password_strength.WeakPassword` (the link stays usable) or
    :class:`matcher.accounts.tokens.TokenInvalid`. All sessions of the account end.
    The link is the authority, so there is no actor; the caller commits.
    """
    password_strength.require_strong(password)
    user = _user_for(session, tokens.consume(session, RESET_PURPOSE, raw))
    audit.record(session, "password.reset", "user", user.id, actor_user_id=user.id)
    users.store_new_password(session, user.id, password)
    return user.id


def _user_for(session: Session, token: Token) -> User:
    user = session.get(User, token.user_id) if token.user_id is not None else None
    if user is None or not _may_reset(user):
        raise tokens.TokenInvalid
    return user


def _may_reset(user: User) -> bool:
    return user.active and user.anonymised_at is None and user.email_confirmed_at is not None
