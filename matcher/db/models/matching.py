"""Matching runs and the matches they propose."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db.models.base import Base, created_at_column
from matcher.db.models.organisation import Region
from matcher.db.models.people import Pupil, VolunteerProfile
from matcher.db.models.users import User
from matcher.db.types import PackedJSON, one_of
from matcher.shared.states import (
    END_REASONS,
    LIVE_MATCH_STATES,
    MATCH_STATES,
    MEETING_MODES,
    RUN_ACTIVE_STATES,
    RUN_STATES,
)

_OPEN = "state = 'open'"
_ACTIVE = "state IN ({})".format(", ".join(f"'{state}'" for state in RUN_ACTIVE_STATES))
_UNSETTLED = "settled_at IS NULL"
# Who may ask to end a match, and what the coordinator decided.
END_REQUEST_SIDES = ("volunteer", "mentor", "coordinator")
END_REQUEST_OUTCOMES = ("confirmed", "declined")
_LIVE = "state IN ({})".format(", ".join(f"'{state}'" for state in LIVE_MATCH_STATES))


class MatchingRun(Base):
    """One run of the optimiser over a region (or nationally when ``region`` is empty).

    The instance and result are kept as sent to and returned by the core, so any
    run can be replayed and audited; they hold pseudonymous ids only.
    """

    __tablename__ = "matching_runs"
    __table_args__ = (
        one_of("state", RUN_STATES, name="state"),
        # One open run per region; a national run (no region) is kept single by the use case.
        Index(
            "uq_matching_runs_one_open_per_region",
            "region_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        # One queued or running run per region, the country (no region) counted as 0:
        # the database refuses a second start, whatever two requests do at once.
        Index(
            "uq_matching_runs_one_active_per_region",
            text("coalesce(region_id, 0)"),
            unique=True,
            sqlite_where=text(_ACTIVE),
            postgresql_where=text(_ACTIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    statistics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    instance: Mapped[dict[str, Any] | None] = mapped_column(PackedJSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(PackedJSON)
    # The run's opaque instance ids ("v-…", "p-…") mapped to database ids, kept apart
    # from the instance so that a downloaded instance names no one.
    id_map: Mapped[dict[str, Any] | None]
    state: Mapped[str] = mapped_column(String(10), default="open")
    # What the worker has counted so far (pupils, volunteers, feasible pairs, per
    # region for a national run) and when each phase began; the run page polls it.
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Why a failed run failed, in words for the coordinator (no traceback).
    failure: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    region: Mapped[Region | None] = relationship()
    started_by: Mapped[User | None] = relationship()
    matches: Mapped[list[Match]] = relationship(back_populates="run")


class Match(Base):
    """A volunteer paired with a pupil, from proposal to the end of the buddyship.

    The partial unique index ``uq_matches_one_live_per_pupil`` is what keeps two
    coordinators approving different volunteers for one pupil at the same moment
    from both succeeding.
    """

    __tablename__ = "matches"
    __table_args__ = (
        one_of("state", MATCH_STATES, name="state"),
        one_of("mode", MEETING_MODES, name="mode"),
        one_of("end_reason_code", END_REASONS, name="end_reason_code"),
        CheckConstraint("cost >= 0 AND cost < 1000000", name="cost"),
        Index(
            "uq_matches_one_live_per_pupil",
            "pupil_id",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("matching_runs.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="proposed")
    mode: Mapped[str | None] = mapped_column(String(10))
    cost: Mapped[int | None]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    end_reason_code: Mapped[str | None] = mapped_column(String(30))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    decided_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    anonymised_at: Mapped[datetime | None]

    volunteer: Mapped[VolunteerProfile] = relationship()
    pupil: Mapped[Pupil] = relationship()
    run: Mapped[MatchingRun | None] = relationship(back_populates="matches")
    decided_by: Mapped[User | None] = relationship()


class EndRequest(Base):
    """A request to end a live match, by the volunteer, the mentor or the coordinator.

    The coordinator settles it: confirmed with an end reason (the match ends), or
    declined. At most one request per match is open at a time.
    """

    __tablename__ = "end_requests"
    __table_args__ = (
        one_of("side", END_REQUEST_SIDES, name="side"),
        one_of("outcome", END_REQUEST_OUTCOMES, name="outcome"),
        one_of("suggested_reason", END_REASONS, name="suggested_reason"),
        CheckConstraint("(settled_at IS NULL) = (outcome IS NULL)", name="settled"),
        Index(
            "uq_end_requests_one_open_per_match",
            "match_id",
            unique=True,
            sqlite_where=text(_UNSETTLED),
            postgresql_where=text(_UNSETTLED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(12))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    suggested_reason: Mapped[str | None] = mapped_column(String(30))
    explanation: Mapped[str | None] = mapped_column(String(280))
    requested_at: Mapped[datetime] = created_at_column()
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    settled_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(10))
