"""The work after the match: rhythm, pauses, contact moments, escalations, questionnaires.

Owned by :mod:`matcher.contacts`; a match without a ``contact_agreements`` row has the
default rhythm (every week), a region without ``region_contact_settings`` the default
escalation thresholds.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models.base import Base, created_at_column
from matcher.db.types import one_of
from matcher.shared import clock
from matcher.shared.vocabulary import CONTACT_MOOD_CODES, CONTACT_WAY_CODES, RHYTHM_CODES

NOTE_LIMIT = 280
# The steps of the escalation, in the order they are normally reached.
ESCALATION_STEPS = ("reminder", "attention", "school_notice")
MAX_MINUTES = 600
# The questionnaires a pair answers: the check-ins after 4 and 12 weeks, the exit questions.
QUESTIONNAIRE_KINDS = ("week_4", "week_12", "exit")
QUESTIONNAIRE_SIDES = ("volunteer", "mentor")
# A region's escalation thresholds when it has not set its own: the one place of the
# defaults the programme agreed (matcher.contacts.thresholds reads them).
DEFAULT_REMINDER_PERCENT = 150
DEFAULT_ATTENTION_DAY = 14
DEFAULT_SCHOOL_NOTICE_DAY = 21
DEFAULT_UNREACHED_IN_A_ROW = 3


class ContactAgreement(Base):
    """How often a pair agreed to have contact."""

    __tablename__ = "contact_agreements"
    __table_args__ = (one_of("rhythm", RHYTHM_CODES, name="rhythm"),)

    match_id: Mapped[int] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), primary_key=True
    )
    rhythm: Mapped[str] = mapped_column(String(14), default="weekly")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(default=clock.now)


class HolidayPause(Base):
    """A period, agreed by the volunteer, in which the pair has no contact."""

    __tablename__ = "holiday_pauses"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class ContactMoment(Base):
    """One contact between the volunteer and the pupil, or one attempt that did not reach
    the pupil (``reached`` false)."""

    __tablename__ = "contact_moments"
    __table_args__ = (
        one_of("way", CONTACT_WAY_CODES, name="way"),
        one_of("mood", CONTACT_MOOD_CODES, name="mood"),
        CheckConstraint(f"minutes >= 1 AND minutes <= {MAX_MINUTES}", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date]
    minutes: Mapped[int]
    way: Mapped[str] = mapped_column(String(10))
    topics: Mapped[list[str]] = mapped_column(default=list)
    mood: Mapped[str] = mapped_column(String(8))
    reached: Mapped[bool]
    note: Mapped[str | None] = mapped_column(String(NOTE_LIMIT))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    corrected_at: Mapped[datetime | None]


class ContactEscalation(Base):
    """One step of the escalation taken for a pupil out of sight, once per episode.

    An episode starts on the day of the last contact moment that reached the pupil (or
    the match's start); the unique constraint lets a step be taken once per episode,
    also when two workers run the escalation at the same moment.
    """

    __tablename__ = "contact_escalations"
    __table_args__ = (
        one_of("step", ESCALATION_STEPS, name="step"),
        UniqueConstraint("match_id", "episode_start", "step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    episode_start: Mapped[date]
    step: Mapped[str] = mapped_column(String(14))
    taken_at: Mapped[datetime] = mapped_column(default=clock.now)


class RegionContactSettings(Base):
    """A region's own escalation thresholds, where it departs from the defaults.

    ``reminder_percent`` is a share of the agreed rhythm (150: day 10 for a weekly pair);
    the other two steps count days since the pupil was last reached.
    """

    __tablename__ = "region_contact_settings"
    __table_args__ = (
        CheckConstraint("reminder_percent BETWEEN 100 AND 400", name="reminder_percent"),
        CheckConstraint("attention_day BETWEEN 2 AND 60", name="attention_day"),
        CheckConstraint(
            "school_notice_day BETWEEN attention_day AND 90", name="school_notice_day"
        ),
        CheckConstraint("unreached_in_a_row BETWEEN 1 AND 10", name="unreached_in_a_row"),
    )

    region_id: Mapped[int] = mapped_column(
        ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True
    )
    reminder_percent: Mapped[int] = mapped_column(default=DEFAULT_REMINDER_PERCENT)
    attention_day: Mapped[int] = mapped_column(default=DEFAULT_ATTENTION_DAY)
    school_notice_day: Mapped[int] = mapped_column(default=DEFAULT_SCHOOL_NOTICE_DAY)
    unreached_in_a_row: Mapped[int] = mapped_column(default=DEFAULT_UNREACHED_IN_A_ROW)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(default=clock.now)


class PairQuestionnaire(Base):
    """Questions put to one side of a pair: a check-in after 4 or 12 weeks, or exit questions.

    The row is written when the questions are sent (the unique constraint makes sending
    idempotent, also with two workers) and filled in when the respondent answers:
    ``scores`` holds the three answers on a scale of 1 to 5, in the order of the questions.
    """

    __tablename__ = "pair_questionnaires"
    __table_args__ = (
        one_of("kind", QUESTIONNAIRE_KINDS, name="kind"),
        one_of("side", QUESTIONNAIRE_SIDES, name="side"),
        UniqueConstraint("match_id", "kind", "side"),
        CheckConstraint("(answered_at IS NULL) = (scores IS NULL)", name="answered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    side: Mapped[str] = mapped_column(String(10))
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
    answered_at: Mapped[datetime | None]
    scores: Mapped[list[int] | None]
    comment: Mapped[str | None] = mapped_column(String(NOTE_LIMIT))
