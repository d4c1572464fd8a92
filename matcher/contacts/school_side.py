"""Who is the school side of a pair: one rule for questions and one for notices.

The school side answers through the pupil's mentor when the request names one
(``pupils.mentor_id``), otherwise through the school contact who made the request
(``pupils.created_by_id``). Notices about the pupil (the pupil has not been reached)
go to the mentor, and where no mentor is named or theirs is switched off, to every
school contact of the pupil's school, who act as the default mentor. An account that
no longer exists or was switched off answers nothing and is told nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from matcher.db.models import Pupil, User
from matcher.matches.notifications import school_contacts


def school_respondent(session: Session, pupil: Pupil) -> int | None:
    """The user id that answers for the school about ``pupil``, or ``None`` if nobody can."""
    user_id = pupil.mentor_id or pupil.created_by_id
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.id if user is not None and user.active else None


def notice_audience(session: Session, pupil: Pupil) -> list[User]:
    """The accounts told about ``pupil``: its active mentor, else the school's contacts."""
    mentor = session.get(User, pupil.mentor_id) if pupil.mentor_id else None
    if mentor is not None and mentor.active and mentor.email:
        return [mentor]
    return [contact for contact in school_contacts(session, pupil.school_id) if contact.email]
