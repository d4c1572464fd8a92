"""No pupil out of sight: the worker job that takes the escalation's steps.

Per episode of silence (see :mod:`matcher.contacts.silence`) each step is taken once:

- ``reminder``: a friendly mail to the volunteer with a link to their pupils page,
  where the moment is logged;
- ``attention``: the pair is on the coordinator's "needs attention" list
  (:mod:`matcher.contacts.attention`); the step is recorded, no mail goes out;
- ``school_notice``: a mail to the school side that the pupil has not been reached,
  with the advice to contact the pupil and, failing that, the attendance officer.
  It goes to the pupil's mentor, or where the request names none, to the school
  contacts (:func:`matcher.contacts.school_side.notice_audience`).

A reached contact starts a new episode, so the steps can follow again later; a pair on
a holiday pause is left alone while the pause lasts, and ended matches are not looked at.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.contacts.school_side import notice_audience
from matcher.contacts.silence import Silence, due_steps, silences
from matcher.db.models import ContactEscalation, Match, Pupil, School, User, VolunteerProfile
from matcher.db.once import insert_once
from matcher.mail import outbox, rendering
from matcher.privacy import audit
from matcher.shared.clock import local_date

PUPILS_PAGE = "/vrijwilliger/koppelingen"


def escalate_silent_matches(session: Session, now: datetime, *, base_url: str) -> int:
    """Take every due step of every active match's episode once; returns how many.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`):
    it changes the session and the job runner commits. The unique constraint on
    ``contact_escalations`` decides which of two workers running at once takes a step;
    only the one whose row went in queues the mail.
    """
    day = local_date(now)
    due = [s for s in silences(session, day) if not s.paused_today and due_steps(s)]
    done = _taken_steps(session, [s.match_id for s in due])
    taken = 0
    for silence in due:
        for step in due_steps(silence):
            if (silence.match_id, silence.episode_start, step) in done:
                continue  # taken in an earlier run: no insert to refuse every hour
            if _claim(session, silence, step, now):
                _notify(session, silence, step, base_url)
                audit.record(session, "contact.escalated", "match", silence.match_id,
                             actor_user_id=None, step=step)
                taken += 1
    return taken


def _taken_steps(session: Session, match_ids: list[int]) -> set[tuple[int, date, str]]:
    """(match, episode start, step) already taken for these matches, in one query."""
    if not match_ids:
        return set()
    rows = session.execute(
        select(ContactEscalation.match_id, ContactEscalation.episode_start,
               ContactEscalation.step).where(ContactEscalation.match_id.in_(match_ids))
    )
    return {tuple(row) for row in rows}


def _claim(session: Session, silence: Silence, step: str, now: datetime) -> bool:
    """Record the step for this episode; false when it was taken before (or just now)."""
    return insert_once(session, ContactEscalation, match_id=silence.match_id,
                       episode_start=silence.episode_start, step=step,
                       taken_at=now) is not None


def _notify(session: Session, silence: Silence, step: str, base_url: str) -> None:
    if step == "reminder":
        volunteer = session.execute(
            select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
            .join(Match, Match.volunteer_id == VolunteerProfile.id)
            .where(Match.id == silence.match_id)
        ).scalar_one()
        if volunteer.email and volunteer.active:
            outbox.enqueue(session, rendering.render(
                "contact_reminder", to=volunteer.email, name=volunteer.display_name or "",
                pupils_url=rendering.link(base_url, PUPILS_PAGE),
            ))
    elif step == "school_notice":
        pupil, school = session.execute(
            select(Pupil, School).join(School, Pupil.school_id == School.id)
            .join(Match, Match.pupil_id == Pupil.id).where(Match.id == silence.match_id)
        ).one()
        for contact in notice_audience(session, pupil):
            outbox.enqueue(session, rendering.render(
                "pupil_not_reached", to=contact.email, name=contact.display_name or "",
                reference=pupil.reference or f"#{pupil.id}", school=school.name,
            ))

