"""What erasure and retention do to the contact log (called by :mod:`matcher.deletion`).

Moments, pauses, the rhythm, the escalation's steps, the questionnaires and the
requests to end share the match's retention: once a finished match passes its period,
or its pupil's request is erased, they are deleted. Erasing a volunteer empties the
notes they wrote, and erasing any account the comments and explanations its person
wrote; the bare moments and scores stay with the match until its own period ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from matcher.db.models import (
    ContactAgreement,
    ContactEscalation,
    ContactMoment,
    EndRequest,
    HolidayPause,
    Match,
    PairQuestionnaire,
)


def delete_contact_log(session: Session, match_ids: Iterable[int]) -> int:
    """Delete the moments, pauses, rhythm, escalation steps, questionnaires and requests to
    end of these matches.

    Returns how many moments were deleted.
    """
    ids = list(match_ids)
    if not ids:
        return 0
    deleted = session.execute(
        delete(ContactMoment)
        .where(ContactMoment.match_id.in_(ids))
        .execution_options(synchronize_session=False)
    ).rowcount
    for model in (HolidayPause, ContactAgreement, ContactEscalation, PairQuestionnaire, EndRequest):
        session.execute(
            delete(model)
            .where(model.match_id.in_(ids))
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


def empty_free_text_of_user(session: Session, user_id: int) -> None:
    """Empty the questionnaire comments and the explanations of requests to end this
    person wrote."""
    session.execute(
        update(PairQuestionnaire)
        .where(PairQuestionnaire.respondent_id == user_id, PairQuestionnaire.comment.is_not(None))
        .values(comment=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(EndRequest)
        .where(EndRequest.requested_by_id == user_id, EndRequest.explanation.is_not(None))
        .values(explanation=None)
        .execution_options(synchronize_session=False)
    )
