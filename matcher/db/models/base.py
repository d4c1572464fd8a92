"""The declarative base every model shares.

Constraint names follow one convention so that Alembic migrations can name (and
later drop) them identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from matcher.db.types import JSONData, UtcDateTime
from matcher.shared import clock

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all Koppel tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSONData,
        list[Any]: JSONData,
        list[str]: JSONData,
        list[int]: JSONData,
        list[dict[str, Any]]: JSONData,
    }


def created_at_column() -> Mapped[datetime]:
    """A ``created_at`` column filled from Koppel's clock."""
    return mapped_column(default=clock.now)
