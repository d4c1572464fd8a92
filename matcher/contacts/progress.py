"""What the school follows of a pupil: a mentor's pupils, and one pupil's progress.

A mentor lists the pupils they are the mentor of (:func:`mentor_pupils`). The progress
of one pupil (:func:`pupil_progress`) is for its mentor, the school's contacts (the
mentor of every pupil of their school) and staff of the region: the contact moments of
the pupil's latest match, how many each week, what was worked on and the answered
check-ins. The volunteer is named by first name only.

Reading is audited by ids (the caller commits): the pupils listed, the pupil viewed,
the moments whose notes were shown (by :func:`~matcher.contacts.moments.moments_of_match`)
and the check-ins whose comments were shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, can, require
from matcher.contacts.health import Health
from matcher.contacts.live_pairs import pair_health
from matcher.contacts.moments import ContactLog, moments_of_match
from matcher.db.models import ContactMoment, Match, PairQuestionnaire, Pupil
from matcher.matches.overview import pupil_scope
from matcher.privacy import audit
from matcher.shared.clock import local_date, today
from matcher.shared.vocabulary import CONTACT_TOPIC_CODES

# Matches whose contact log the school follows: running, or ended with a log behind it.
FOLLOWED_STATES = ("active", "ended")


@dataclass(frozen=True)
class MentorPupil:
    """One line of a mentor's list of pupils."""

    id: int
    reference: str
    school_year: int
    level: str
    state: str
    volunteer_first_name: str | None
    last_reached_on: date | None


@dataclass(frozen=True)
class CheckIn:
    """One answered check-in or exit questionnaire of the match."""

    id: int
    kind: str
    side: str
    answered_on: date
    scores: tuple[int, ...]
    comment: str | None


@dataclass(frozen=True)
class Progress:
    """A pupil's progress over their latest match; empty lists before a match started."""

    pupil_id: int
    reference: str
    school_year: int
    level: str
    state: str
    volunteer_first_name: str | None = None
    started_on: date | None = None
    ended_on: date | None = None
    log: ContactLog | None = None
    weeks: tuple[tuple[date, int], ...] = ()
    topics: tuple[tuple[str, int], ...] = ()
    check_ins: tuple[CheckIn, ...] = ()
    health: Health | None = None


def first_name(display_name: str | None) -> str:
    """The first word of a name: all of a volunteer the school and a mentor may see.

    >>> first_name("Anna de Vries"), first_name(None)
    ('Anna', '')
    """
    return (display_name or "").strip().split(" ")[0]


def mentor_pupils(session: Session, actor: Actor) -> list[MentorPupil]:
    """The pupils the acting mentor is the mentor of, by reference; audited by ids."""
    require(actor, Permission.MENTOR_AREA)
    pupils = session.scalars(
        select(Pupil)
        .where(Pupil.mentor_id == actor.user_id, Pupil.anonymised_at.is_(None))
        .order_by(Pupil.reference, Pupil.id)
    ).all()
    lines = []
    for pupil in pupils:
        if not can(actor, Permission.VIEW_PUPIL, pupil_scope(pupil)):
            continue  # a school the mentor no longer works for
        match = _followed_match(session, pupil.id)
        matched = match is not None and pupil.state == "matched"
        lines.append(MentorPupil(
            pupil.id, pupil.reference or f"#{pupil.id}", pupil.school_year, pupil.level,
            pupil.state, first_name(match.volunteer.user.display_name) if matched else None,
            _last_reached(session, match.id) if match is not None else None,
        ))
    audit.record(session, "pupil.list", "user", actor.user_id, actor_user_id=actor.user_id,
                 pupil_ids=[line.id for line in lines])
    return lines


def pupil_progress(session: Session, actor: Actor, pupil_id: int) -> Progress:
    """The progress of ``pupil_id`` for its mentor, the school's contacts and staff.

    A pupil outside the actor's scope (for a mentor: any pupil they do not mentor), or
    none, raises :class:`~matcher.accounts.permissions.OutOfScope`.
    """
    require(actor, Permission.VIEW_PROGRESS)
    pupil = session.get(Pupil, pupil_id)
    if pupil is None or pupil.anonymised_at is not None:
        raise OutOfScope(f"pupil {pupil_id}")
    require(actor, Permission.VIEW_PROGRESS, pupil_scope(pupil))
    audit.record(session, "pupil.view", "pupil", pupil.id, actor_user_id=actor.user_id)
    heading = Progress(pupil.id, pupil.reference or f"#{pupil.id}", pupil.school_year,
                       pupil.level, pupil.state)
    match = _followed_match(session, pupil.id)
    if match is None:
        return heading
    log = moments_of_match(session, actor, match.id)
    started_on = local_date(match.started_at)
    ended_on = local_date(match.ended_at) if match.ended_at else None
    days = [moment.happened_on for moment in log.moments]
    return replace(
        heading,
        volunteer_first_name=first_name(match.volunteer.user.display_name),
        started_on=started_on,
        ended_on=ended_on,
        log=log,
        weeks=per_week(days, started_on, ended_on or today()),
        topics=topic_counts(topic for moment in log.moments for topic in moment.topics),
        check_ins=_check_ins(session, actor, match.id),
        health=pair_health(session, match.id),
    )


def per_week(days: list[date], first: date, last: date) -> tuple[tuple[date, int], ...]:
    """How many of ``days`` fall in each week (Monday to Sunday) from ``first`` to ``last``.

    >>> per_week([date(2025, 3, 4), date(2025, 3, 6)], date(2025, 3, 3), date(2025, 3, 12))
    ((datetime.date(2025, 3, 3), 2), (datetime.date(2025, 3, 10), 0))
    """
    monday = first - timedelta(days=first.weekday())
    counts = Counter(day - timedelta(days=day.weekday()) for day in days)
    weeks = []
    while monday <= last:
        weeks.append((monday, counts[monday]))
        monday += timedelta(days=7)
    return tuple(weeks)


def topic_counts(topics) -> tuple[tuple[str, int], ...]:
    """Each topic worked on with the number of moments it came up in, most first.

    >>> topic_counts(["plannen", "wiskunde", "plannen"])
    (('plannen', 2), ('wiskunde', 1))
    """
    counts = Counter(topics)
    order = sorted(counts, key=lambda code: (-counts[code], CONTACT_TOPIC_CODES.index(code)))
    return tuple((code, counts[code]) for code in order)


def _followed_match(session: Session, pupil_id: int) -> Match | None:
    return session.scalar(
        select(Match)
        .where(Match.pupil_id == pupil_id, Match.state.in_(FOLLOWED_STATES),
               Match.started_at.is_not(None))
        .order_by(Match.started_at.desc(), Match.id.desc())
        .limit(1)
    )


def _last_reached(session: Session, match_id: int) -> date | None:
    return session.scalar(
        select(func.max(ContactMoment.happened_on))
        .where(ContactMoment.match_id == match_id, ContactMoment.reached.is_(True))
    )


def _check_ins(session: Session, actor: Actor, match_id: int) -> tuple[CheckIn, ...]:
    rows = session.scalars(
        select(PairQuestionnaire)
        .where(PairQuestionnaire.match_id == match_id, PairQuestionnaire.answered_at.is_not(None))
        .order_by(PairQuestionnaire.answered_at, PairQuestionnaire.id)
    ).all()
    with_comments = [row.id for row in rows if row.comment]
    if with_comments:
        audit.record(session, "checkin.comments_viewed", "match", match_id,
                     actor_user_id=actor.user_id, questionnaire_ids=with_comments)
    return tuple(
        CheckIn(row.id, row.kind, row.side, local_date(row.answered_at), tuple(row.scores or ()),
                row.comment)
        for row in rows
    )
