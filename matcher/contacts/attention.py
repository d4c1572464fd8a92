"""The coordinator's "needs attention" list: live pairs silent for too long.

A pair is on the list from the ``attention`` step of the escalation (by default day 14
without a reached contact; each region sets its own, see :mod:`matcher.contacts.thresholds`)
until a contact reaches the pupil. The weekly digest reads the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require, visible_regions
from matcher.contacts.progress import first_name
from matcher.contacts.silence import due_steps, silences
from matcher.db.models import Match, Pupil, School, User, VolunteerProfile
from matcher.shared.clock import today


@dataclass(frozen=True)
class AttentionLine:
    """One pair on the list; ``step`` is the furthest escalation step it reached."""

    match_id: int
    pupil_id: int
    reference: str
    school: str
    volunteer_first_name: str
    days_since_reached: int
    step: str
    rhythm: str


def needs_attention(session: Session, actor: Actor) -> list[AttentionLine]:
    """The pairs in the actor's regions (admins: all) that need attention, longest silent first."""
    require(actor, Permission.COORDINATOR_AREA)
    return pairs_needing_attention(session, today(), visible_regions(actor))


def pairs_needing_attention(
    session: Session, day: date, region_ids: frozenset[int] | None
) -> list[AttentionLine]:
    """The pairs in ``region_ids`` (``None``: all) needing attention on ``day``.

    Callers have decided who may read these: :func:`needs_attention` checks its actor,
    the weekly digest reads a coordinator's own regions for them.
    """
    due = {s.match_id: (s, steps) for s in silences(session, day, region_ids)
           if "attention" in (steps := due_steps(s)) or "school_notice" in steps}
    if not due:
        return []
    rows = session.execute(
        select(Match.id, Pupil.id, Pupil.reference, School.name, User.display_name)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(Match.id.in_(due))
    ).all()
    lines = []
    for match_id, pupil_id, reference, school, name in rows:
        silence, steps = due[match_id]
        lines.append(AttentionLine(
            match_id=match_id, pupil_id=pupil_id, reference=reference or f"#{pupil_id}",
            school=school, volunteer_first_name=first_name(name),
            days_since_reached=(day - silence.episode_start).days, step=steps[-1],
            rhythm=silence.rhythm,
        ))
    return sorted(lines, key=lambda line: (-line.days_since_reached, line.match_id))
