"""Queries that several use cases share, written once with ``select()``.

Row locks are taken here and in one order across every use case, so two of them
never wait for each other in a circle: **the account row first** (:func:`lock_account`,
and :func:`matcher.accounts.tokens.consume` takes it before the token's own row),
**then pupils by ascending id** (:func:`lock_pupils`), **then the volunteer's profile**
(:func:`lock_volunteer`). A use case may skip a step, never go back to an earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Integer, Subquery, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil, User, VolunteerProfile
from matcher.shared import email_addresses
from matcher.shared.states import LIVE_MATCH_STATES


def user_by_email(session: Session, email: str) -> User | None:
    """The account with this e-mail address, compared without regard to case."""
    return session.scalar(select(User).where(User.email == email_addresses.normalise(email)))


def lock_account(session: Session, user_id: int) -> User | None:
    """Load an account, read afresh, and hold its row until the transaction ends.

    ``FOR NO KEY UPDATE``: another lock on the account waits, but rows that only
    point at it (an audit entry, a token, a decision) can still be written, so a
    use case holding a pupil's lock is never held up by this one.
    """
    return session.scalar(
        select(User).where(User.id == user_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )


def id_among(session: Session, column: ColumnElement[int],
             ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL as one array parameter (``= ANY(:ids)``).

    A national run names some 50,000 pupils: as that many bound values the statement
    took seconds to compile and send, as one array it takes milliseconds.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def lock_pupils(session: Session, pupil_ids: Iterable[int]) -> None:
    """Hold the rows of these pupils, in ascending id as the lock order asks."""
    ids = sorted(set(pupil_ids))
    if ids:
        # One statement; PostgreSQL locks the rows as it returns them, in this order.
        session.execute(
            select(Pupil.id).where(Pupil.id.in_(ids)).order_by(Pupil.id).with_for_update()
        ).all()


def lock_volunteer(session: Session, volunteer_id: int) -> VolunteerProfile | None:
    """Load a volunteer's profile and hold its row (after any pupil locks).

    Two approvals for one volunteer wait for each other here, so they cannot
    both take the last free place.
    """
    return session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.id == volunteer_id).with_for_update()
    )


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


def live_match_count(session: Session, volunteer_id: int) -> int:
    """How many approved or active matches the volunteer has (what capacity counts)."""
    live = live_match_counts()
    return session.scalar(
        select(live.c.live).where(live.c.volunteer_id == volunteer_id)
    ) or 0


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
