"""Queries that several use cases share, written once with ``select()``."""

from __future__ import annotations

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil, User
from matcher.shared import email_addresses
from matcher.shared.states import LIVE_MATCH_STATES


def user_by_email(session: Session, email: str) -> User | None:
    """The account with this e-mail address, compared without regard to case."""
    return session.scalar(select(User).where(User.email == email_addresses.normalise(email)))


def lock_pupil(session: Session, pupil_id: int) -> Pupil | None:
    """Load a pupil and hold its row until the transaction ends.

    Use cases that change a pupil's matches take this lock first, so a second
    coordinator acting on the same pupil waits and then sees the first one's
    decision instead of running into the unique index. SQLite ignores the lock;
    there the partial unique index on matches alone stops a second approval.
    """
    return session.scalar(select(Pupil).where(Pupil.id == pupil_id).with_for_update())


def live_match(session: Session, pupil_id: int) -> Match | None:
    """The pupil's approved or active match, if there is one."""
    return session.scalar(
        select(Match).where(Match.pupil_id == pupil_id, Match.state.in_(LIVE_MATCH_STATES))
    )


def live_match_counts() -> Subquery:
    """Per volunteer with any, how many approved or active matches: ``(volunteer_id, live)``.

    Outer-join it on ``VolunteerProfile.id`` and read ``coalesce(live, 0)``.
    """
    return (
        select(Match.volunteer_id, func.count().label("live"))
        .where(Match.state.in_(LIVE_MATCH_STATES))
        .group_by(Match.volunteer_id)
        .subquery()
    )
