"""The content of a concern is kept briefly: emptied once the concern's own retention
period has passed since the school took it over or it was closed.

That a concern existed, who was told and who handled it stay with the match's records;
the observation, its date, the pupil's words and the danger flag go.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.db.models import Concern, ConcernStep
from matcher.privacy import audit
from matcher.safeguarding.lifecycle import SETTLED
from matcher.shared import clock


def empty_settled_concerns(session: Session, before: datetime) -> int:
    """Empty the content of concerns handed over or closed before ``before``; returns how
    many. Retention (``koppel purge``) calls it with the concern period's cutoff."""
    settled_at = (
        select(func.min(ConcernStep.at))
        .where(ConcernStep.concern_id == Concern.id, ConcernStep.state.in_(SETTLED))
        .scalar_subquery()
    )
    concerns = session.scalars(
        select(Concern)
        .where(
            Concern.state.in_(SETTLED),
            Concern.content_emptied_at.is_(None),
            settled_at <= before,
        )
        .order_by(Concern.id)
    ).all()
    for concern in concerns:
        empty_content(concern)
        audit.record(session, "concern.emptied", "concern", concern.id, actor_user_id=None)
    return len(concerns)


def empty_settled_concerns_of(session: Session, match_ids: list[int]) -> int:
    """Empty the content of the handed-over or closed concerns about these matches now
    (erasing a pupil's request); returns how many. A concern still open keeps its
    content until someone has handled it: it is about the pupil's safety."""
    concerns = session.scalars(
        select(Concern).where(
            Concern.match_id.in_(match_ids), Concern.state.in_(SETTLED),
            Concern.content_emptied_at.is_(None),
        ).order_by(Concern.id)
    ).all()
    for concern in concerns:
        empty_content(concern)
    return len(concerns)


def empty_content(concern: Concern) -> None:
    """Blank what the volunteer wrote and mark when."""
    concern.observation = None
    concern.observed_on = None
    concern.pupil_words = None
    concern.in_danger = None
    concern.content_emptied_at = clock.now()
