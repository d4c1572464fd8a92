"""Regions, the postcode ranges they cover, and the schools in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db.models.base import Base, created_at_column
from matcher.shared.postcodes import in_ranges


class Region(Base):
    """A school region (for example Utrecht) with its own coordinators."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("slug <> ''", name="slug_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = created_at_column()

    postcode_ranges: Mapped[list[PostcodeRange]] = relationship(
        back_populates="region", cascade="all, delete-orphan", order_by="PostcodeRange.first"
    )
    schools: Mapped[list[School]] = relationship(back_populates="region")

    def covers(self, pc4: int) -> bool:
        """Whether the 4-digit postcode ``pc4`` lies in one of this region's ranges."""
        return in_ranges(pc4, ((r.first, r.last) for r in self.postcode_ranges))


class PostcodeRange(Base):
    """An inclusive range of 4-digit postcodes (PC4) that belongs to a region."""

    __tablename__ = "region_postcode_ranges"
    __table_args__ = (
        CheckConstraint("first >= 1000 AND last <= 9999 AND first <= last", name="pc4_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    first: Mapped[int]
    last: Mapped[int]

    region: Mapped[Region] = relationship(back_populates="postcode_ranges")


class School(Base):
    """One location of a school: a BRIN code plus a vestigingsnummer."""

    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("brin", "vestiging"),
        CheckConstraint("length(brin) = 4", name="brin_length"),
        CheckConstraint("length(vestiging) = 2", name="vestiging_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    brin: Mapped[str] = mapped_column(String(4))
    vestiging: Mapped[str] = mapped_column(String(2), default="00")
    levels: Mapped[list[str]] = mapped_column(default=list)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()

    region: Mapped[Region] = relationship(back_populates="schools")
