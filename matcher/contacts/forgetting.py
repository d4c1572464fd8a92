"""What erasure and retention do to the contact log (called by :mod:`matcher.deletion`).

Moments, pauses, the rhythm and the escalation's steps share the match's retention:
once a finished match passes its period, or its pupil's request is erased, they are
deleted. Erasing a volunteer empties the notes they wrote; the bare moments stay with
the match for the coordinator until the match's own period ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from matcher.db.models import (
    ContactAgreement,
    ContactEscalation,
    ContactMoment,
    HolidayPause,
    Match,
)


def delete_contact_log(session: Session, match_ids: Iterable[int]) -> int:
    """Delete the moments, pauses, rhythm and escalation steps of these matches.

    Returns how many moments were deleted.
    """
    ids = list(match_ids)
    if not ids:
        return 0
    deleted = session.execute(
        delete(ContactMoment).where(ContactMoment.match_id.in_(ids))
        .execution_options(synchronize_session=False)
    ).rowcount
    for model in (HolidayPause, ContactAgreement, ContactEscalation):
        session.execute(
            delete(model).where(model.match_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    return deleted or 0


def empty_notes_of_volunteer(session: Session, volunteer_id: int) -> int:
    """Empty the notes on every moment of this volunteer's matches; returns how many."""
    their_matches = select(Match.id).where(Match.volunteer_id == volunteer_id)
    emptied = session.execute(
        update(ContactMoment)
        .where(ContactMoment.match_id.in_(their_matches), ContactMoment.note.is_not(None))
        .values(note=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return emptied or 0
