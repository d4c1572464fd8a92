"""Whether a coordinator receives the weekly digest: on by default, theirs to turn off.

The digest itself is :mod:`matcher.reports.weekly_digest`; here only the account's
choice, read and set by the coordinator on their own account page.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require
from matcher.db.models import User
from matcher.privacy import audit


def wants_weekly_digest(session: Session, actor: Actor) -> bool:
    """Whether the acting coordinator receives the weekly digest."""
    require(actor, Permission.MANAGE_OWN_DIGEST)
    return session.get(User, actor.user_id).weekly_digest


def set_weekly_digest(session: Session, actor: Actor, *, on: bool) -> None:
    """Turn the acting coordinator's weekly digest on or off; audited when it changes."""
    require(actor, Permission.MANAGE_OWN_DIGEST)
    user = session.get(User, actor.user_id)
    if user.weekly_digest == on:
        return
    user.weekly_digest = on
    audit.record(session, "account.weekly_digest_set", "user", user.id,
                 actor_user_id=actor.user_id, state="on" if on else "off")
