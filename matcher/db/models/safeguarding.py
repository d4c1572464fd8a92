"""Concerns about a pupil: what a volunteer saw, who was told, and how it was handled.

Owned by :mod:`matcher.safeguarding`. Kept apart from the contact log and stored
minimally: the observation, its date, the pupil's own words and whether the pupil was
in danger; the content is emptied on its own retention period
(``content_emptied_at``), the facts that a concern existed and who handled it stay.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models.base import Base, created_at_column
from matcher.db.types import one_of
from matcher.shared import clock
from matcher.shared.states import CONCERN_STATES

OBSERVATION_LIMIT = 2000
WORDS_LIMIT = 1000
# Why someone was told about a concern: when it was raised, or when nobody took it up.
NOTICE_REASONS = ("raised", "escalated")


class Concern(Base):
    """A worry a volunteer raised about the pupil of one of their matches.

    ``idempotency_key`` comes from the form, so a double submit stores one concern.
    """

    __tablename__ = "concerns"
    __table_args__ = (one_of("state", CONCERN_STATES, name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    observation: Mapped[str | None] = mapped_column(String(OBSERVATION_LIMIT))
    observed_on: Mapped[date | None]
    pupil_words: Mapped[str | None] = mapped_column(String(WORDS_LIMIT))
    in_danger: Mapped[bool | None]
    state: Mapped[str] = mapped_column(String(12), default="raised")
    raised_at: Mapped[datetime] = created_at_column()
    # Set once by the escalation job, so a concern escalates once even with two workers.
    escalated_at: Mapped[datetime | None]
    content_emptied_at: Mapped[datetime | None]


class ConcernStep(Base):
    """One change of a concern's state: which state, who, when."""

    __tablename__ = "concern_steps"
    __table_args__ = (
        one_of("state", CONCERN_STATES, name="state"),
        UniqueConstraint("concern_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=clock.now)


class ConcernNotice(Base):
    """Who was told about a concern, why, and when (the mail itself holds no content)."""

    __tablename__ = "concern_notices"
    __table_args__ = (
        one_of("reason", NOTICE_REASONS, name="reason"),
        UniqueConstraint("concern_id", "user_id", "reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(10))
    told_at: Mapped[datetime] = mapped_column(default=clock.now)
