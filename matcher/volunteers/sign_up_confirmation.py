"""The link in the sign-up mail: check the sign-up, choose a password, confirm.

The password is chosen here, not on the sign-up form, because only the owner of
the mailbox can open this link. Had the form set it, anyone could sign up with
someone else's address and a password of their own, and the owner's later
confirmation would have handed them an account whose password a stranger knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts import tokens
from matcher.accounts.password_strength import require_strong
from matcher.accounts.passwords import hash_password
from matcher.db.models import Token, User, VolunteerProfile
from matcher.privacy import audit
from matcher.shared import clock
from matcher.volunteers.screening import move

__all__ = ["PendingSignUp", "confirm_email", "pending_sign_up"]


@dataclass(frozen=True)
class PendingSignUp:
    """What the confirmation page shows, so the visitor can see the sign-up is theirs.

    Codes, not labels: the page names them in its own language.
    """

    email: str
    name: str
    postcode: str
    region_name: str | None
    subjects: tuple[str, ...]
    availability: tuple[dict[str, Any], ...]


def pending_sign_up(session: Session, raw_token: str) -> PendingSignUp:
    """The unconfirmed sign-up a link is for, without using the link.

    Raises :class:`matcher.accounts.tokens.TokenInvalid` for an unknown, used or expired link.
    """
    user, profile = _pending(session, tokens.peek(session, tokens.CONFIRM_EMAIL, raw_token))
    return PendingSignUp(
        email=user.email or "",
        name=user.display_name or "",
        postcode=profile.postcode or "",
        region_name=profile.region.name if profile.region else None,
        subjects=tuple(profile.subjects),
        availability=tuple(profile.availability),
    )


def confirm_email(session: Session, raw_token: str, password: str) -> int:
    """Use the link: the address is confirmed, ``password`` set, screening can start.

    The password is checked before the link is used, so a refused password
    (:class:`matcher.accounts.password_strength.WeakPassword`) leaves the link usable. Raises
    :class:`matcher.accounts.tokens.TokenInvalid` for any bad link. Returns the user id.

    The single-use link in the mail is the authority here, so there is no
    :class:`~matcher.accounts.permissions.Actor`. Never commits: the caller does.
    """
    require_strong(password)
    user, profile = _pending(session, tokens.consume(session, tokens.CONFIRM_EMAIL, raw_token))
    user.password_hash = hash_password(password)
    user.email_confirmed_at = clock.now()
    user.session_version += 1
    if profile.screening_state == "new":
        move(profile, "awaiting_intake")
    audit.record(session, "volunteer.email_confirmed", "user", user.id, actor_user_id=user.id)
    return user.id


def _pending(session: Session, token: Token) -> tuple[User, VolunteerProfile]:
    """The account and profile of a still unconfirmed volunteer sign-up, or TokenInvalid."""
    user = session.get(User, token.user_id) if token.user_id is not None else None
    if (
        user is None
        or user.role != "volunteer"
        or user.email_confirmed_at is not None
        or user.anonymised_at is not None
    ):
        raise tokens.TokenInvalid
    profile = session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    if profile is None or profile.anonymised_at is not None:
        raise tokens.TokenInvalid
    return user, profile
