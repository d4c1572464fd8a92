"""Reading matches for the people involved: a pupil's file, a volunteer's buddies.

Both readers take the acting person as an :class:`~matcher.accounts.permissions.Actor`
and return plain values for a page. Reading a pupil's file is audited (who
viewed which pupil), because Koppel must be able to say who saw a minor's data.
:func:`match_scope` says where a match belongs, so the web layer can check that the
volunteer, school or coordinator asking to end it is one of its own; :func:`pupil_scope`
says where a pupil belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Scope, require
from matcher.db.models import Match, Pupil, School, User, VolunteerProfile
from matcher.privacy import audit
from matcher.shared import clock


@dataclass(frozen=True)
class MatchLine:
    """One match of a pupil or volunteer, as a page lists it."""

    id: int
    state: str
    pupil_id: int
    reference: str
    school_name: str
    volunteer_name: str
    mode: str | None
    started_at: datetime | None
    ended_at: datetime | None
    end_reason_code: str | None
    note: str | None


@dataclass(frozen=True)
class PupilFile:
    """A pupil's request and every match they had, newest first."""

    pupil: Pupil
    region_id: int
    waiting_days: int
    matches: list[MatchLine]


def match_scope(session: Session, match_id: int) -> Scope | None:
    """Where a match belongs: its pupil's region, school and mentor and its volunteer's user."""
    row = session.execute(
        select(School.region_id, Pupil.school_id, Pupil.mentor_id, VolunteerProfile.user_id)
        .select_from(Match)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .where(Match.id == match_id)
    ).first()
    if row is None:
        return None
    return Scope(
        region_id=row.region_id,
        school_id=row.school_id,
        volunteer_user_id=row.user_id,
        mentor_user_id=row.mentor_id,
    )


def pupil_scope(pupil: Pupil) -> Scope:
    """Where a pupil belongs: its school's region, its school and its mentor."""
    return Scope(
        region_id=pupil.school.region_id, school_id=pupil.school_id, mentor_user_id=pupil.mentor_id
    )


def pupil_region(session: Session, pupil_id: int) -> int | None:
    """The region of the pupil's school, or ``None`` when there is no such pupil."""
    return session.scalar(
        select(School.region_id).join(Pupil, Pupil.school_id == School.id)
        .where(Pupil.id == pupil_id)
    )


def read_pupil_file(session: Session, actor: Actor, pupil_id: int) -> PupilFile:
    """A pupil's file for a coordinator of its region; writes a ``pupil.view`` audit
    entry (the caller commits).

    Requires ``COORDINATOR_AREA`` and ``VIEW_PUPIL`` on the pupil's region; a pupil
    elsewhere, or none, raises :class:`~matcher.accounts.permissions.OutOfScope` (a
    :class:`LookupError`).
    """
    require(actor, Permission.COORDINATOR_AREA)
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise OutOfScope(f"pupil {pupil_id}")
    require(actor, Permission.VIEW_PUPIL, Scope(region_id=pupil.school.region_id))
    audit.record(session, "pupil.view", "pupil", pupil.id, actor_user_id=actor.user_id)
    return PupilFile(pupil, pupil.school.region_id, pupil.waiting_days(clock.now()),
                     _lines(session, Match.pupil_id == pupil.id))


def volunteer_matches(session: Session, actor: Actor) -> list[MatchLine]:
    """The approved and active matches of the volunteer ``actor``."""
    require(actor, Permission.VOLUNTEER_AREA)
    return _lines(session, VolunteerProfile.user_id == actor.user_id,
                  Match.state.in_(("approved", "active")))


def matches_of_volunteer(session: Session, profile_id: int) -> list[MatchLine]:
    """A volunteer's matches for the screening page, newest first; the caller has
    checked that the coordinator may screen this volunteer."""
    return _lines(session, Match.volunteer_id == profile_id)


def _lines(session: Session, *where) -> list[MatchLine]:
    rows = session.execute(
        select(Match, Pupil.reference, School.name, User.display_name)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(Match.state.not_in(("proposed", "superseded")), *where)
        .order_by(Match.id.desc())
    ).all()
    return [
        MatchLine(m.id, m.state, m.pupil_id, reference or f"#{m.pupil_id}", school, name or "",
                  m.mode, m.started_at, m.ended_at, m.end_reason_code, m.reason)
        for m, reference, school, name in rows
    ]
