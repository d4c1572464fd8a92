"""The mails a match sends: the proposal to the volunteer, the start to the school.

The volunteer gets what they need to begin (the pupil's reference, year, subjects,
how they meet and the school contact) and one link to accept or decline; the school
contacts hear who the buddy is once the volunteer accepts.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher import mails, outbox, tokens
from matcher.db.models import Match, User, user_schools
from matcher.vocabulary import LEVEL, MODE, SUBJECT

ANSWER_PURPOSE = "match_answer"


def answer_path(raw_token: str) -> str:
    """The page where the volunteer accepts or declines (relative to the site)."""
    return f"/koppeling/{raw_token}"


def school_contacts(session: Session, school_id: int) -> list[User]:
    """The active school contacts of a school with an e-mail address, oldest first."""
    return list(session.scalars(
        select(User).join(user_schools, user_schools.c.user_id == User.id).where(
            user_schools.c.school_id == school_id, User.role == "school",
            User.active.is_(True), User.email.is_not(None),
        ).order_by(User.id)
    ))


def send_proposal(session: Session, match: Match, *, base_url: str, answer_days: int) -> None:
    """Issue the single-use answer token and queue the proposal mail to the volunteer."""
    volunteer_user = match.volunteer.user
    raw = tokens.issue(session, ANSWER_PURPOSE, user_id=volunteer_user.id, subject_id=match.id,
                       ttl=timedelta(days=answer_days))
    if volunteer_user.email is None:
        return
    pupil = match.pupil
    contacts = school_contacts(session, pupil.school_id)
    contact = contacts[0] if contacts else None
    outbox.enqueue(session, mails.render(
        "match_proposed",
        to=volunteer_user.email,
        name=volunteer_user.display_name or "",
        reference=pupil.reference or f"#{pupil.id}",
        school_year=pupil.school_year,
        answer_url=mails.link(base_url, answer_path(raw)),
        answer_days=answer_days,
        school_name=pupil.school.name,
        contact_name=(contact.display_name or "") if contact else "-",
        contact_email=contact.email if contact else "-",
        **_labels(match),
    ))


def send_started(session: Session, match: Match) -> None:
    """Tell every contact of the pupil's school that the volunteer accepted."""
    volunteer_user = match.volunteer.user
    for contact in school_contacts(session, match.pupil.school_id):
        outbox.enqueue(session, mails.render(
            "match_started",
            to=contact.email or "",
            name=contact.display_name or "",
            reference=match.pupil.reference or f"#{match.pupil.id}",
            volunteer_name=volunteer_user.display_name or "",
            volunteer_email=volunteer_user.email or "-",
            **_labels(match),
        ))


def _labels(match: Match) -> dict[str, str]:
    subjects = [SUBJECT[code] for code in match.pupil.subjects if code in SUBJECT]
    mode = MODE[match.mode or "online"]
    level = LEVEL[match.pupil.level]
    return {
        "subjects_nl": ", ".join(s.nl for s in subjects),
        "subjects_en": ", ".join(s.en for s in subjects),
        "mode_nl": mode.nl.lower(),
        "mode_en": mode.en.lower(),
        "level_nl": level.nl,
        "level_en": level.en,
    }
