"""Who answers for the school in a pair: one rule, so it can be widened in one place.

For now the school side of a pair is the pupil's mentor when the request names one
(``pupils.mentor_id``), otherwise the school contact who made the request
(``pupils.created_by_id``). An account that no longer exists or was switched off
answers nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from matcher.db.models import Pupil, User


def school_respondent(session: Session, pupil: Pupil) -> int | None:
    """The user id that answers for the school about ``pupil``, or ``None`` if nobody can."""
    user_id = pupil.mentor_id or pupil.created_by_id
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.id if user is not None and user.active else None
