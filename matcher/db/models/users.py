"""Accounts: admins, coordinators, school contacts, mentors and volunteers; absences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from matcher.db.models.base import Base, created_at_column
from matcher.db.models.organisation import Region, School
from matcher.db.types import Sealed, one_of
from matcher.shared import email_addresses
from matcher.shared.states import USER_ROLES

HANDOVER_NOTE_LIMIT = 1000

# Which regions a coordinator works for, and which schools a school contact speaks for.
user_regions = Table(
    "user_regions",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)
user_schools = Table(
    "user_schools",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A person who can sign in.

    Users are anonymised, never deleted, so that matches, runs and the audit log
    keep pointing at a row: erasure blanks ``email``, ``display_name``,
    ``password_hash`` and ``totp_secret`` and sets ``anonymised_at``.
    """

    __tablename__ = "users"
    __table_args__ = (
        one_of("role", USER_ROLES, name="role"),
        # The unique index compares exact strings, so only lowercase may enter.
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("session_version >= 1", name="session_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str | None] = mapped_column(String(120))
    email_confirmed_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Sealed with the data key: a database copy alone produces no valid codes.
    totp_secret: Mapped[str | None] = mapped_column(Sealed)
    # The last TOTP time step accepted, so a code works once (replay protection).
    totp_last_step: Mapped[int | None]
    last_login_at: Mapped[datetime | None]
    # Coordinators get a weekly digest on Monday morning unless they turn it off.
    weekly_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = created_at_column()
    anonymised_at: Mapped[datetime | None]

    regions: Mapped[list[Region]] = relationship(secondary=user_regions, order_by=Region.name)
    schools: Mapped[list[School]] = relationship(secondary=user_schools, order_by=School.name)

    @validates("email")
    def _lowercase_email(self, _key: str, email: str | None) -> str | None:
        return email_addresses.normalise(email) if email is not None else None


class CoordinatorAbsence(Base):
    """A coordinator away from ``starts_on`` to ``ends_on`` (both days), and their deputy.

    While it lasts, what would reach the absent coordinator about their regions (alerts,
    requests, the weekly digest) reaches the deputy, who may act for those regions and
    reads the handover note.
    """

    __tablename__ = "coordinator_absences"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="period"),
        CheckConstraint("deputy_id <> user_id", name="deputy_not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    handover_note: Mapped[str | None] = mapped_column(String(HANDOVER_NOTE_LIMIT))
    created_at: Mapped[datetime] = created_at_column()
