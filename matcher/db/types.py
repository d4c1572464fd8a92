"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, CheckConstraint, DateTime, LargeBinary, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from matcher.shared import sealing

# zlib level 1: about as small as level 6 on Koppel's JSON and several times faster.
PACK_LEVEL = 1

# JSONB on PostgreSQL (indexable, compact); plain JSON text elsewhere.
JSONData = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in, an aware UTC datetime out.

    SQLite keeps no time zone and hands back naive values; comparing those with
    :func:`matcher.shared.clock.now` would raise, so every value is normalised here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored by Koppel must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def one_of(column: str, codes: tuple[str, ...] | frozenset[str], *, name: str) -> CheckConstraint:
    """A check constraint that keeps ``column`` within ``codes`` (NULL passes)."""
    quoted = ", ".join(f"'{code}'" for code in sorted(codes))
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


class PackedJSON(TypeDecorator[Any]):
    """A JSON value stored as zlib-compressed bytes.

    A national run's instance and result are tens of megabytes as JSON; compressed they
    are a tenth of that, written in one value, and the attribute still reads and writes
    plain dicts. SQL cannot look inside: readers load the value and index it in Python.
    """

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return zlib.compress(orjson.dumps(value), PACK_LEVEL)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return orjson.loads(zlib.decompress(value))


class Sealed(TypeDecorator[str]):
    """A secret stored sealed (:mod:`matcher.shared.sealing`); the attribute is plain text.

    Only what is written through the models is sealed: raw SQL and a copy of the
    database see the sealed form, which is useless without the data key.
    """

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else sealing.keyring().seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else sealing.keyring().open(value)
