"""The lists of concerns: the handler's (designated contact, coordinator, admin) and the
volunteer's own (state only). No content is listed; opening one is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, Role, require
from matcher.db.models import Concern, Match, Pupil, School
from matcher.safeguarding.lifecycle import volunteer_status


@dataclass(frozen=True)
class ConcernRow:
    """One concern in a list: which, where, since when, in what state."""

    id: int
    match_id: int
    school: str
    raised_at: datetime
    state: str


def concerns_to_handle(session: Session, actor: Actor) -> list[ConcernRow]:
    """The concerns about pupils of the actor's schools (designated contact) or regions
    (coordinator); every concern for an admin. Newest first."""
    require(actor, Permission.CONCERNS_AREA)
    query = _rows()
    if actor.role is Role.DESIGNATED_CONTACT:
        query = query.where(School.id.in_(actor.school_ids))
    elif actor.role is Role.COORDINATOR:
        query = query.where(School.region_id.in_(actor.region_ids))
    return [_row(r, r.state) for r in session.execute(query)]


def my_concerns(session: Session, actor: Actor) -> list[ConcernRow]:
    """The concerns the volunteer raised, with what they may know: sent, received, taken up."""
    require(actor, Permission.RAISE_CONCERN)
    query = _rows().where(Concern.raised_by_id == actor.user_id)
    return [_row(r, volunteer_status(r.state)) for r in session.execute(query)]


def _rows():
    return (
        select(Concern.id, Concern.match_id, School.name, Concern.raised_at, Concern.state)
        .join(Match, Concern.match_id == Match.id)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .order_by(Concern.raised_at.desc(), Concern.id.desc())
    )


def _row(row, state: str) -> ConcernRow:
    return ConcernRow(
        id=row.id, match_id=row.match_id, school=row.name, raised_at=row.raised_at, state=state
    )


def raised_since(session: Session, region_ids: frozenset[int], since: datetime) -> int:
    """How many concerns about pupils of ``region_ids`` were raised since ``since``: a
    count only, for the weekly digest (the caller decided who may know it)."""
    return session.scalar(
        select(func.count())
        .select_from(Concern)
        .join(Match, Concern.match_id == Match.id)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .where(School.region_id.in_(region_ids), Concern.raised_at >= since)
    ) or 0
