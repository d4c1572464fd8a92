"""API tokens: how a school's or coordinator's own system calls the JSON API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db.models.base import Base, created_at_column
from matcher.db.models.users import User


class ApiToken(Base):
    """One API token of an account; only the SHA-256 of the token is stored.

    The token acts as its owner's account would (never more), for reading only or for
    reading and writing (``scope``), until ``expires_at`` or until it is revoked.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()
