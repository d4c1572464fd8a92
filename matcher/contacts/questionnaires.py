"""Answering the check-ins and exit questions, and reading the answers.

Only the respondent of a questionnaire opens or answers it (anyone else:
:class:`~matcher.accounts.permissions.OutOfScope`, the web's 404), once. A check-in
can no longer be answered once its match ended; the exit questions can. Staff of the
match's region read the answers on the pupil's file; every time they see a comment
(free text), the audit log names the questionnaires by id.

The use cases check the actor themselves, change the session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, require
from matcher.contacts.questionnaire_refusals import QuestionnaireRefused
from matcher.contacts.questions import HIGHEST, LOWEST, QUESTIONS
from matcher.contacts.scope import match_for
from matcher.db.models import Match, PairQuestionnaire, Pupil
from matcher.db.models.contacts import NOTE_LIMIT
from matcher.privacy import audit
from matcher.shared import clock


@dataclass(frozen=True)
class Questionnaire:
    """One questionnaire as its respondent sees it."""

    id: int
    match_id: int
    pupil_id: int
    kind: str
    side: str
    reference: str
    answered: bool
    open: bool  # may still be answered: not answered, and not a check-in of an ended match


@dataclass(frozen=True)
class AnsweredLine:
    """An answered questionnaire as staff read it on the pupil's file."""

    id: int
    match_id: int
    kind: str
    side: str
    answered_at: datetime
    scores: tuple[int, ...]
    comment: str | None


def questionnaire_to_answer(session: Session, actor: Actor, questionnaire_id: int
                            ) -> Questionnaire:
    """The acting respondent's own questionnaire; anyone else's or an unknown one is
    :class:`~matcher.accounts.permissions.OutOfScope`."""
    row, match = _own(session, actor, questionnaire_id)
    return _shown(row, match)


def answer_questionnaire(
    session: Session, actor: Actor, questionnaire_id: int, scores: Sequence[int | None],
    comment: str | None,
) -> None:
    """Store the respondent's three scores (1–5) and optional comment, once.

    Raises :class:`QuestionnaireRefused` naming the field (``score_1`` … ``score_3``,
    ``comment``) or the questionnaire (answered already, or a check-in whose match
    ended); nothing is stored then.
    """
    row, match = _own(session, actor, questionnaire_id)
    shown = _shown(row, match)
    if shown.answered:
        raise QuestionnaireRefused("questionnaire", "already_answered")
    if not shown.open:
        raise QuestionnaireRefused("questionnaire", "questionnaire_closed")
    expected = len(QUESTIONS[row.kind][row.side])
    values = list(scores) + [None] * (expected - len(scores))
    for number, score in enumerate(values[:expected], start=1):
        if score is None or not LOWEST <= score <= HIGHEST:
            raise QuestionnaireRefused(f"score_{number}", "score_range", low=LOWEST, high=HIGHEST)
    text = (comment or "").strip() or None
    if text is not None and len(text) > NOTE_LIMIT:
        raise QuestionnaireRefused("comment", "text_too_long", limit=NOTE_LIMIT)
    # Conditional, so two tabs sending at once store one answer.
    stored = session.execute(
        update(PairQuestionnaire)
        .where(PairQuestionnaire.id == row.id, PairQuestionnaire.answered_at.is_(None))
        .values(scores=[int(s) for s in values[:expected]], comment=text,
                answered_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if stored != 1:
        raise QuestionnaireRefused("questionnaire", "already_answered")
    audit.record(session, "questionnaire.answered", "match", match.id,
                 actor_user_id=actor.user_id, questionnaire_id=row.id, kind=row.kind)


def open_questionnaires(session: Session, actor: Actor) -> list[Questionnaire]:
    """The acting respondent's questionnaires still to answer, oldest first."""
    require(actor, Permission.ANSWER_QUESTIONNAIRE)
    rows = session.execute(
        select(PairQuestionnaire, Match)
        .join(Match, Match.id == PairQuestionnaire.match_id)
        .where(PairQuestionnaire.respondent_id == actor.user_id,
               PairQuestionnaire.answered_at.is_(None))
        .order_by(PairQuestionnaire.sent_at, PairQuestionnaire.id)
    ).all()
    return [shown for row, match in rows if (shown := _shown(row, match)).open]


def answers_of_match(session: Session, actor: Actor, match_id: int) -> list[AnsweredLine]:
    """The answered questionnaires of one match, for staff of its region (oldest first).

    When comments are shown an audit entry names the match and the questionnaires
    whose comments were seen (the caller commits).
    """
    match = match_for(session, actor, Permission.VIEW_CONTACTS, match_id)
    require(actor, Permission.DECIDE_MATCH)
    rows = session.scalars(
        select(PairQuestionnaire)
        .where(PairQuestionnaire.match_id == match.id, PairQuestionnaire.answered_at.is_not(None))
        .order_by(PairQuestionnaire.answered_at, PairQuestionnaire.id)
    ).all()
    with_comments = [row.id for row in rows if row.comment]
    if with_comments:
        audit.record(session, "questionnaire.comments_viewed", "match", match.id,
                     actor_user_id=actor.user_id, questionnaire_ids=with_comments)
    return [AnsweredLine(row.id, row.match_id, row.kind, row.side, row.answered_at,
                         tuple(row.scores or ()), row.comment) for row in rows]


def _own(session: Session, actor: Actor, questionnaire_id: int
         ) -> tuple[PairQuestionnaire, Match]:
    require(actor, Permission.ANSWER_QUESTIONNAIRE)
    row = session.get(PairQuestionnaire, questionnaire_id)
    if row is None or row.respondent_id is None or row.respondent_id != actor.user_id:
        raise OutOfScope(f"questionnaire {questionnaire_id}")
    match = session.get(Match, row.match_id)
    if match is None or session.get(Pupil, match.pupil_id).anonymised_at is not None:
        raise OutOfScope(f"questionnaire {questionnaire_id}")
    return row, match


def _shown(row: PairQuestionnaire, match: Match) -> Questionnaire:
    answered = row.answered_at is not None
    closed = row.kind != "exit" and match.state != "active"
    pupil = match.pupil
    return Questionnaire(row.id, match.id, pupil.id, row.kind, row.side,
                         pupil.reference or f"#{pupil.id}", answered, not answered and not closed)
