"""The two sides of a match: volunteer profiles and pupils (buddy requests).

Lists of codes (subjects, levels, languages, needs) are JSON arrays of the codes in
:mod:`matcher.shared.vocabulary`; weekly availability is a JSON array of
``{"day": "mon", "start": 900, "end": 1020}`` with minutes since midnight.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db.models.base import Base, created_at_column
from matcher.db.models.organisation import Region, School
from matcher.db.models.users import User
from matcher.db.types import one_of
from matcher.shared.states import PUPIL_STATES, SCREENING_STATES
from matcher.shared.vocabulary import LANGUAGE, LEVEL_CODES, MODE_CODES, PRIORITY_CODES


def _location_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="location_pair"),
    )


class VolunteerProfile(Base):
    """What a volunteer offers, and where the coordinator's screening stands."""

    __tablename__ = "volunteer_profiles"
    __table_args__ = (
        one_of("mode", MODE_CODES, name="mode"),
        one_of("screening_state", SCREENING_STATES, name="screening_state"),
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("max_distance_km > 0", name="max_distance_km"),
        *_location_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    subjects: Mapped[list[str]] = mapped_column(default=list)
    levels: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    availability: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    mode: Mapped[str] = mapped_column(String(10), default="online")
    postcode: Mapped[str | None] = mapped_column(String(7))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    max_distance_km: Mapped[float | None]
    capacity: Mapped[int] = mapped_column(default=1)
    phone: Mapped[str | None] = mapped_column(String(32))
    motivation: Mapped[str | None] = mapped_column(Text)
    screening_state: Mapped[str] = mapped_column(String(20), default="new", index=True)
    screening_changed_at: Mapped[datetime | None]
    intake_on: Mapped[date | None]
    intake_notes: Mapped[str | None] = mapped_column(Text)
    vog_requested_on: Mapped[date | None]
    vog_issued_on: Mapped[date | None]
    # The VOG issue date the "expires soon" mail was sent for, so it goes out once per VOG.
    vog_expiry_warned_for: Mapped[date | None]
    screening_reason: Mapped[str | None] = mapped_column(Text)
    # Preparation: the version of the code of conduct accepted, and the training done.
    conduct_version: Mapped[str | None] = mapped_column(String(20))
    conduct_accepted_at: Mapped[datetime | None]
    training_completed_on: Mapped[date | None]
    created_at: Mapped[datetime] = created_at_column()
    anonymised_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    region: Mapped[Region | None] = relationship()


class Pupil(Base):
    """A school's request for a buddy for one pupil, under a pseudonymous reference.

    Koppel never stores a pupil's name or date of birth: the school picks a
    reference it can trace back itself, and only the 4-digit postcode is kept.
    ``days_waited_before`` carries waiting time over when a pupil returns to the
    waiting list, so an unlucky pupil does not start again at zero.
    """

    __tablename__ = "pupils"
    __table_args__ = (
        UniqueConstraint("school_id", "reference"),
        one_of("level", LEVEL_CODES, name="level"),
        one_of("mode", MODE_CODES, name="mode"),
        one_of("priority", PRIORITY_CODES, name="priority"),
        one_of("state", PUPIL_STATES, name="state"),
        one_of("needs_language", tuple(LANGUAGE), name="needs_language"),
        CheckConstraint("school_year BETWEEN 1 AND 6", name="school_year"),
        CheckConstraint("pc4 BETWEEN 1000 AND 9999", name="pc4"),
        CheckConstraint("days_waited_before >= 0", name="days_waited_before"),
        CheckConstraint(
            "(consent_version IS NULL) = (consent_recorded_at IS NULL)", name="consent_pair"
        ),
        *_location_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The school's mentor of this pupil; empty: the school's contacts act as mentor.
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(40))
    school_year: Mapped[int]
    level: Mapped[str] = mapped_column(String(10))
    subjects: Mapped[list[str]] = mapped_column(default=list)
    needs: Mapped[list[str]] = mapped_column(default=list)
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    priority_reason: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(default=list)
    needs_language: Mapped[str | None] = mapped_column(String(2))
    availability: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    mode: Mapped[str] = mapped_column(String(10), default="online")
    pc4: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    consent_version: Mapped[str | None] = mapped_column(String(40))
    consent_recorded_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(10), default="waiting", index=True)
    waiting_since: Mapped[datetime | None]
    days_waited_before: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = created_at_column()
    anonymised_at: Mapped[datetime | None]

    school: Mapped[School] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])

    def waiting_days(self, now: datetime) -> int:
        """Whole days this pupil has waited in total, counting earlier waits."""
        current = (now - self.waiting_since).days if self.waiting_since else 0
        return self.days_waited_before + max(current, 0)
