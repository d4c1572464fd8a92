"""Counters behind the rate limits on sign-in, password reset and sign-up.

Each row counts the attempts of one identity (an HMAC of the address or e-mail,
never the value itself) in one time window. Every server process shares the table,
so a limit holds across gunicorn workers without extra services; production may
keep the counters in Redis instead (see :mod:`matcher.accounts.rate_limits`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models.base import Base


class RateLimitCounter(Base):
    """Attempts counted for one ``bucket`` (rule, hashed identity and window)."""

    __tablename__ = "rate_limit_counters"

    bucket: Mapped[str] = mapped_column(String(100), primary_key=True)
    hits: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(index=True)
