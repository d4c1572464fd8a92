"""The mails a match sends: the proposal to the volunteer, the start, a withdrawal, the end.

The volunteer gets what they need to begin (the pupil's reference, year, subjects,
how they meet and the school contact) and one link to accept or decline; the school
contacts hear who the buddy is once the volunteer accepts. When the school withdraws
the request before the volunteer answered, the volunteer hears so. When a match ends, the
volunteer, the school contacts and the region's coordinators hear it (except whoever
ended it).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Column, select
from sqlalchemy.orm import Session

from matcher.accounts import tokens
from matcher.accounts.absences import present_coordinator_ids
from matcher.db.models import Match, User, user_schools
from matcher.mail import outbox, rendering
from matcher.matches.end_reasons import END_REASON, NOT_TOLD_TO_VOLUNTEER, needs_new_buddy
from matcher.shared import weekly_slots
from matcher.shared.clock import today
from matcher.shared.vocabulary import DAY, LEVEL, MODE, SUBJECT, Term

ANSWER_PURPOSE = "match_answer"


def answer_path(raw_token: str) -> str:
    """The page where the volunteer accepts or declines (relative to the site)."""
    return f"/koppeling/{raw_token}"


def school_contacts(session: Session, school_id: int) -> list[User]:
    """The active school contacts of a school with an e-mail address, oldest first."""
    return linked_accounts(session, "school", user_schools.c.school_id, school_id)


def region_coordinators(session: Session, region_id: int) -> list[User]:
    """Whoever is there for a region today, with an e-mail address: its coordinators who
    are not away and the deputies of those who are; when nobody is, the admins."""
    present = present_coordinator_ids(session, region_id, today())
    if not present:
        return admins(session)
    users = {u.id: u for u in session.scalars(
        select(User).where(User.id.in_(present), User.email.is_not(None)))}
    return [users[user_id] for user_id in present if user_id in users]


def admins(session: Session) -> list[User]:
    """The active admins with an e-mail address, oldest first."""
    return list(session.scalars(
        select(User).where(User.role == "admin", User.active.is_(True),
                           User.anonymised_at.is_(None), User.email.is_not(None))
        .order_by(User.id)))


def linked_accounts(session: Session, role: str, link: Column[int], linked_id: int) -> list[User]:
    """Active users of ``role`` whose ``link`` row (``user_schools`` or ``user_regions``)
    points at ``linked_id`` and who have mail, oldest first."""
    return list(session.scalars(
        select(User).join(link.table, link.table.c.user_id == User.id).where(
            link == linked_id, User.role == role,
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
    # A mail gets forwarded: it names neither the pupil's reference nor the school; the
    # answer page shows those to the volunteer once signed in.
    outbox.enqueue(session, rendering.render(
        "match_proposed",
        to=volunteer_user.email,
        name=volunteer_user.display_name or "",
        school_year=match.pupil.school_year,
        answer_url=rendering.link(base_url, answer_path(raw)),
        answer_days=answer_days,
        **_labels(match),
        **shared_times(match),
    ))


def shared_times(match: Match) -> dict[str, str]:
    """The weekly times pupil and volunteer both have, in Dutch and English words."""
    both = weekly_slots.common(match.pupil.availability or [],
                               match.volunteer.availability or [])
    return {
        f"times_{language}": ", ".join(
            f"{DAY[slot['day']].label(language).lower()} {weekly_slots.clock_text(slot['start'])}"
            f"–{weekly_slots.clock_text(slot['end'])}" for slot in both
        ) or "-"
        for language in ("nl", "en")
    }


def send_started(session: Session, match: Match) -> None:
    """Tell every contact of the pupil's school that the volunteer accepted."""
    volunteer_user = match.volunteer.user
    for contact in school_contacts(session, match.pupil.school_id):
        outbox.enqueue(session, rendering.render(
            "match_started",
            to=contact.email or "",
            name=contact.display_name or "",
            reference=match.pupil.reference or f"#{match.pupil.id}",
            volunteer_name=volunteer_user.display_name or "",
            volunteer_email=volunteer_user.email or "-",
            **_labels(match),
        ))


def send_withdrawn(session: Session, match: Match) -> None:
    """Tell the volunteer of an approved match that the school withdrew the request."""
    volunteer_user = match.volunteer.user
    if volunteer_user.email is None:
        return
    outbox.enqueue(session, rendering.render(
        "match_withdrawn",
        to=volunteer_user.email,
        name=volunteer_user.display_name or "",
        reference=match.pupil.reference or f"#{match.pupil.id}",
        school_name=match.pupil.school.name,
    ))


def send_ended(session: Session, match: Match, *, actor_user_id: int | None) -> int:
    """Tell everyone involved in ``match`` but its ender that it ended; returns the count.

    The free-text note stays on the match row: it may name people, and mail is not
    the place for it. A safeguarding reason is not spelled out to the volunteer.
    """
    actor = session.get(User, actor_user_id) if actor_user_id else None
    ended_by = _ENDED_BY.get(actor.role if actor else "", _ENDED_BY["coordinator"])
    reason = END_REASON[match.end_reason_code or "goal_reached"]
    volunteer_user = match.volunteer.user
    recipients = [(volunteer_user, match.end_reason_code not in NOT_TOLD_TO_VOLUNTEER)]
    recipients += [(u, True) for u in school_contacts(session, match.pupil.school_id)]
    recipients += [(u, True) for u in region_coordinators(session, match.pupil.school.region_id)]
    sent = 0
    for user, told_why in recipients:
        if user.email is None or user.id == actor_user_id:
            continue
        outbox.enqueue(session, rendering.render(
            "match_ended",
            to=user.email,
            name=user.display_name or "",
            reference=match.pupil.reference or f"#{match.pupil.id}",
            volunteer_name=volunteer_user.display_name or "",
            ended_by_nl=ended_by.nl, ended_by_en=ended_by.en,
            reason_nl=reason.nl if told_why else "", reason_en=reason.en if told_why else "",
            back_to_waiting=needs_new_buddy(reason.code),
        ))
        sent += 1
    return sent


_ENDED_BY = {
    "volunteer": Term("volunteer", "de vrijwilliger", "the volunteer"),
    "school": Term("school", "de school", "the school"),
    "coordinator": Term("coordinator", "de coördinator", "the coordinator"),
    "admin": Term("admin", "de beheerder", "the administrator"),
}


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
