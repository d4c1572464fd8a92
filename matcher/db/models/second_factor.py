"""Recovery codes: the way into a staff account when the authenticator app is gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models.base import Base, created_at_column


class RecoveryCode(Base):
    """One single-use recovery code of a coordinator or admin; only its hash is stored.

    A user holds one set at a time: making a new set deletes the old rows. A used
    code keeps its row with ``used_at`` set, so the page can say how many are left.
    """

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()
