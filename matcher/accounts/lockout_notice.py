"""Telling an account's owner that wrong second-factor codes reached the account's ceiling.

Whoever knows a password can try codes; the owner must hear of it rather than find
sign-in silently blocked. The mail names no address or place the attempts came from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from matcher.db import queries
from matcher.mail import outbox, rendering
from matcher.privacy import audit
from matcher.shared import clock

RESET_PAGE = "/wachtwoord-vergeten"


def tell_owner(session: Session, email: str, *, attempts: int, until: datetime,
               base_url: str) -> bool:
    """Mail the owner of ``email`` that sign-in with a code is blocked until ``until``.

    No actor: the rate limit decided. Returns whether a mail was queued (only accounts
    that exist and have an address); the caller commits.
    """
    user = queries.user_by_email(session, email)
    if user is None or not user.email:
        return False
    outbox.enqueue(session, rendering.render(
        "second_factor_ceiling",
        to=user.email,
        name=user.display_name or user.email,
        attempts=attempts,
        until=f"{until.astimezone(clock.LOCAL_TIMEZONE):%H:%M}",
        reset_url=rendering.link(base_url, RESET_PAGE),
    ))
    audit.record(session, "second_factor.ceiling_reached", "user", user.id, actor_user_id=None)
    return True
