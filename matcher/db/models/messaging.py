"""The mail outbox and single-use tokens (e-mail confirmation, password reset, invites)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db.models.base import Base, created_at_column
from matcher.db.models.users import User
from matcher.db.types import one_of
from matcher.shared.states import MAIL_STATES


class OutboxMail(Base):
    """A message waiting to be sent, written in the same transaction as its cause.

    ``message_id`` is fixed when the row is written, so a retry after a crash sends
    the same Message-ID and receivers can drop the duplicate.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        one_of("state", MAIL_STATES, name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()


class Token(Base):
    """A single-use, expiring secret sent by e-mail; only its hash is stored.

    ``purpose`` (for example ``confirm_email``, ``reset_password``, ``invite``) keeps a
    token for one thing from being replayed for another; ``subject_id`` names the
    record the token is about when that is not the user.
    """

    __tablename__ = "tokens"
    __table_args__ = (CheckConstraint("purpose <> ''", name="purpose_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject_id: Mapped[int | None]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User | None] = relationship()


class WeeklyDigest(Base):
    """A coordinator's weekly digest, written once per week before it is mailed.

    The unique constraint is what sends the digest once when several workers run the
    Monday job at the same moment.
    """

    __tablename__ = "weekly_digests"
    __table_args__ = (UniqueConstraint("user_id", "week_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week_of: Mapped[date]
    sent_at: Mapped[datetime] = created_at_column()
