"""Putting questions to a pair: the check-ins after 4 and 12 weeks, the exit questions.

:func:`send_due_check_ins` is a worker job: for every active match whose check-in is
due (see :data:`~matcher.contacts.questions.CHECK_IN_DAYS`) it writes one
``pair_questionnaires`` row per side and mails the respondent a link. The link needs
signing in — the questions are answered on :func:`question_path`, for the respondent
only — so a forwarded mail opens nothing. :func:`put_questions` does the same for one
match and one kind, and the ending of a match uses it for the exit questions.

The unique constraint on (match, kind, side) makes the sending idempotent, also when
two workers run at once: only the one whose row went in sends the mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from matcher.contacts.questions import CHECK_IN_DAYS, CHECK_IN_WINDOW_DAYS, KIND
from matcher.contacts.school_side import school_respondent
from matcher.db.models import Match, PairQuestionnaire, User
from matcher.mail import outbox, rendering
from matcher.privacy import audit
from matcher.shared.clock import local_date


def question_path(questionnaire_id: int) -> str:
    """The page where the respondent, signed in, answers the questions."""
    return f"/vragenlijst/{questionnaire_id}"


def send_due_check_ins(session: Session, now: datetime, *, base_url: str) -> int:
    """Send every check-in that is due today to both sides of each active match.

    A worker job (the system acts, so no :class:`~matcher.accounts.permissions.Actor`):
    it changes the session and the job runner commits. Returns how many questionnaires
    were sent. A side without a respondent (no school side known) is tried again on the
    next run; a side that already has its row is left alone.
    """
    day = local_date(now)
    matches = session.scalars(
        select(Match).where(Match.state == "active", Match.started_at.is_not(None))
        .order_by(Match.id)
    ).all()
    due = [(match, kind) for match in matches for kind, days in CHECK_IN_DAYS.items()
           if timedelta(days=days) <= day - local_date(match.started_at)
           < timedelta(days=days + CHECK_IN_WINDOW_DAYS)]
    sent_before = _sent(session, [match.id for match, _kind in due])
    return sum(put_questions(session, match, kind, now, base_url=base_url, skip=sent_before)
               for match, kind in due)


def put_questions(
    session: Session, match: Match, kind: str, now: datetime, *, base_url: str,
    skip: frozenset[tuple[int, str, str]] = frozenset(),
) -> int:
    """Write ``kind``'s questionnaire for each side of ``match`` and mail its respondent.

    No actor: the worker and the use cases that end a match call it after their own
    checks. Returns how many questionnaires went out now (0 when both were sent
    before). ``skip`` holds (match, kind, side) already known to be sent.
    """
    respondents = {
        "volunteer": match.volunteer.user_id,
        "mentor": school_respondent(session, match.pupil),
    }
    sent = 0
    for side, user_id in respondents.items():
        if user_id is None or (match.id, kind, side) in skip:
            continue
        questionnaire_id = _claim(session, match.id, kind, side, user_id, now)
        if questionnaire_id is None:
            continue
        _mail(session, session.get(User, user_id), match, kind, questionnaire_id, base_url)
        audit.record(session, "questionnaire.sent", "match", match.id, actor_user_id=None,
                     questionnaire_id=questionnaire_id, kind=kind, side=side)
        sent += 1
    return sent


def _sent(session: Session, match_ids: list[int]) -> frozenset[tuple[int, str, str]]:
    """(match, kind, side) already sent for these matches, in one query."""
    if not match_ids:
        return frozenset()
    rows = session.execute(
        select(PairQuestionnaire.match_id, PairQuestionnaire.kind, PairQuestionnaire.side)
        .where(PairQuestionnaire.match_id.in_(match_ids))
    )
    return frozenset(tuple(row) for row in rows)


def _claim(session: Session, match_id: int, kind: str, side: str, respondent_id: int,
           now: datetime) -> int | None:
    """Insert the questionnaire's row; its id, or ``None`` when it existed (or just appeared)."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(dialect)
    dialect_insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        dialect_insert(PairQuestionnaire)
        .values(match_id=match_id, kind=kind, side=side, respondent_id=respondent_id,
                sent_at=now)
        .on_conflict_do_nothing()
        .returning(PairQuestionnaire.id)
    )
    return session.execute(statement).scalar()


def _mail(session: Session, user: User, match: Match, kind: str, questionnaire_id: int,
          base_url: str) -> None:
    if user.email is None:
        return
    term = KIND[kind]
    outbox.enqueue(session, rendering.render(
        "questionnaire", to=user.email, name=user.display_name or "",
        reference=match.pupil.reference or f"#{match.pupil.id}",
        kind_nl=term.nl.lower(), kind_en=term.en.lower(), exit=kind == "exit",
        answer_url=rendering.link(base_url, question_path(questionnaire_id)),
    ))
