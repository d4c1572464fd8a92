"""No region without a coordinator: absences, deputies and who is present for a region.

A coordinator records when they are away and names a deputy, another coordinator.
While the absence lasts the deputy covers the absent coordinator's regions: they may
act there as if the regions were theirs (:func:`covered_region_ids`, which the account
loader adds to the deputy's regions), and what would reach the region's coordinators —
alerts, requests, the weekly digest — reaches them instead
(:func:`present_coordinator_ids`). A region without anyone present is left to the
admins and shown to them as a warning (:func:`regions_without_coordinator`).

The use cases check their actor, change the session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, aliased

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Role, require
from matcher.db.models import CoordinatorAbsence, Region, User, user_regions
from matcher.db.models.users import HANDOVER_NOTE_LIMIT
from matcher.privacy import audit
from matcher.shared.clock import today
from matcher.shared.errors import RuleViolation

MAX_ABSENCE_WEEKS = 26


class AbsenceRefused(RuleViolation):
    """The absence cannot be recorded as given: the field and a code saying why."""

    TEXTS = {
        "date_missing": "give a date",
        "past_date": "this date lies in the past",
        "absence_order": "the absence ends before it starts",
        "absence_too_long": "an absence lasts at most {weeks} weeks",
        "unknown_deputy": "choose a coordinator from the list",
        "overlapping_absence": "you are already away in part of this period",
        "text_too_long": "at most {limit} characters",
    }


@dataclass(frozen=True)
class Absence:
    """An absence as the pages show it: who is away, when, who covers, the handover."""

    id: int
    coordinator_name: str
    deputy_name: str
    starts_on: date
    ends_on: date
    handover_note: str | None


def record_absence(
    session: Session, actor: Actor, *, starts_on: date | None, ends_on: date | None,
    deputy_id: int | None, handover_note: str,
) -> int:
    """The acting coordinator will be away from ``starts_on`` to ``ends_on`` (both days),
    covered by ``deputy_id``; returns the absence's id."""
    require(actor, Permission.RECORD_ABSENCE)
    if starts_on is None:
        raise AbsenceRefused("starts_on", "date_missing")
    if ends_on is None:
        raise AbsenceRefused("ends_on", "date_missing")
    if starts_on < today():
        raise AbsenceRefused("starts_on", "past_date")
    if ends_on < starts_on:
        raise AbsenceRefused("ends_on", "absence_order")
    if ends_on - starts_on > timedelta(weeks=MAX_ABSENCE_WEEKS):
        raise AbsenceRefused("ends_on", "absence_too_long", weeks=MAX_ABSENCE_WEEKS)
    if deputy_id is None or deputy_id not in {d.id for d in deputy_choices(session, actor)}:
        raise AbsenceRefused("deputy_id", "unknown_deputy")
    note = handover_note.strip()
    if len(note) > HANDOVER_NOTE_LIMIT:
        raise AbsenceRefused("handover_note", "text_too_long", limit=HANDOVER_NOTE_LIMIT)
    overlapping = session.scalar(select(CoordinatorAbsence.id).where(
        CoordinatorAbsence.user_id == actor.user_id,
        CoordinatorAbsence.starts_on <= ends_on, CoordinatorAbsence.ends_on >= starts_on))
    if overlapping is not None:
        raise AbsenceRefused("starts_on", "overlapping_absence")
    absence = CoordinatorAbsence(user_id=actor.user_id, deputy_id=deputy_id, starts_on=starts_on,
                                 ends_on=ends_on, handover_note=note or None)
    session.add(absence)
    session.flush()
    audit.record(session, "absence.recorded", "user", actor.user_id,
                 actor_user_id=actor.user_id, absence_id=absence.id, deputy_id=deputy_id)
    return absence.id


def cancel_absence(session: Session, actor: Actor, absence_id: int) -> None:
    """The acting coordinator withdraws their own absence (someone else's is not found)."""
    require(actor, Permission.RECORD_ABSENCE)
    absence = session.get(CoordinatorAbsence, absence_id)
    if absence is None or absence.user_id != actor.user_id:
        raise OutOfScope(f"absence {absence_id}")
    session.delete(absence)
    audit.record(session, "absence.cancelled", "user", actor.user_id,
                 actor_user_id=actor.user_id, absence_id=absence_id)


def deputy_choices(session: Session, actor: Actor) -> list[User]:
    """The coordinators who may cover the acting coordinator: every other active one."""
    require(actor, Permission.RECORD_ABSENCE)
    return list(session.scalars(
        select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True),
                           User.anonymised_at.is_(None), User.id != actor.user_id)
        .order_by(User.display_name, User.id)))


def own_absences(session: Session, actor: Actor) -> list[Absence]:
    """The acting coordinator's current and coming absences, soonest first."""
    require(actor, Permission.RECORD_ABSENCE)
    return _absences(session, CoordinatorAbsence.user_id == actor.user_id)


def handovers(session: Session, actor: Actor) -> list[Absence]:
    """The absences the acting coordinator covers today, with their handover notes;
    reading them is audited by ids."""
    require(actor, Permission.RECORD_ABSENCE)
    day = today()
    found = _absences(session, and_(CoordinatorAbsence.deputy_id == actor.user_id,
                                    CoordinatorAbsence.starts_on <= day))
    if found:
        audit.record(session, "absence.handover_read", "user", actor.user_id,
                     actor_user_id=actor.user_id, absence_ids=[a.id for a in found])
    return found


def covered_region_ids(session: Session, user_id: int, day: date) -> frozenset[int]:
    """The regions ``user_id`` covers on ``day`` as deputy of an absent coordinator."""
    return frozenset(session.scalars(
        select(user_regions.c.region_id)
        .join(CoordinatorAbsence, CoordinatorAbsence.user_id == user_regions.c.user_id)
        .where(CoordinatorAbsence.deputy_id == user_id, _on(day))))


def present_coordinator_ids(session: Session, region_id: int, day: date) -> list[int]:
    """Who is there for ``region_id`` on ``day``: its coordinators who are not away, and
    the deputies of those who are (each once, in that order; empty when nobody is)."""
    rows = [(user_id, deputy) for _region, user_id, deputy in _coverage(session, day, region_id)]
    present = [user_id for user_id, deputy in rows if deputy is None]
    deputies = [deputy for _user_id, deputy in rows if deputy is not None]
    return list(dict.fromkeys([*present, *deputies]))


def regions_without_coordinator(session: Session, day: date) -> list[Region]:
    """The regions nobody is present for on ``day`` (no coordinator, or all away without
    an active deputy), by name: the admins' warning."""
    covered = {region for region, _user_id, _deputy in _coverage(session, day)}
    return [r for r in session.scalars(select(Region).order_by(Region.name))
            if r.id not in covered]


def _coverage(
    session: Session, day: date, region_id: int | None = None
) -> list[tuple[int, int, int | None]]:
    """(region, coordinator, deputy when away) for every active coordinator on ``day``
    (of ``region_id`` only, if given), in one query; an absent coordinator whose deputy
    is no longer active is left out."""
    absence, deputy = aliased(CoordinatorAbsence), aliased(User)
    query = (
        select(user_regions.c.region_id, User.id, absence.deputy_id, deputy.active)
        .join(user_regions, user_regions.c.user_id == User.id)
        .outerjoin(absence, and_(absence.user_id == User.id,
                                 absence.starts_on <= day, absence.ends_on >= day))
        .outerjoin(deputy, deputy.id == absence.deputy_id)
        .where(User.role == Role.COORDINATOR.value, User.active.is_(True),
               User.anonymised_at.is_(None))
        .order_by(User.id)
    )
    if region_id is not None:
        query = query.where(user_regions.c.region_id == region_id)
    rows = session.execute(query).all()
    return [(region, user_id, deputy_id) for region, user_id, deputy_id, deputy_active in rows
            if deputy_id is None or deputy_active]


def absent_on(session: Session, user_id: int, day: date) -> bool:
    """Whether the coordinator ``user_id`` is away on ``day``."""
    return session.scalar(select(CoordinatorAbsence.id).where(
        CoordinatorAbsence.user_id == user_id, _on(day))) is not None


def _on(day: date) -> ColumnElement[bool]:
    return and_(CoordinatorAbsence.starts_on <= day, CoordinatorAbsence.ends_on >= day)


def _absences(session: Session, condition: ColumnElement[bool]) -> list[Absence]:
    coordinator, deputy = aliased(User), aliased(User)
    rows = session.execute(
        select(CoordinatorAbsence, coordinator, deputy)
        .join(coordinator, coordinator.id == CoordinatorAbsence.user_id)
        .join(deputy, deputy.id == CoordinatorAbsence.deputy_id)
        .where(condition, CoordinatorAbsence.ends_on >= today())
        .order_by(CoordinatorAbsence.starts_on, CoordinatorAbsence.id)
    ).all()
    return [Absence(a.id, _name(away), _name(covering), a.starts_on, a.ends_on,
                    a.handover_note) for a, away, covering in rows]


def _name(user: User) -> str:
    return user.display_name or user.email or ""
