"""Ids that arrive from visitors, in URLs, query strings and forms.

``str.isdigit`` accepts ``"²"`` and 5,000-digit strings: ``int()`` raises on those,
and a number beyond the database's integer column makes the driver raise. Either
would be a 500 for what is just a wrong id, so an id is ASCII digits up to
:data:`MAX_ID`, and anything else is *not found*.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

# The largest value of an SQL INTEGER (our primary keys on PostgreSQL and SQLite).
MAX_ID = 2**31 - 1


def parse_id(raw: str | None) -> int | None:
    """The id written in ``raw``, or ``None`` when it cannot be one of ours."""
    if not raw or len(raw) > len(str(MAX_ID)) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:…>`` in our routes: a number outside :func:`parse_id`'s range does not match (404)."""

    def to_python(self, value: str) -> int:
        found = parse_id(value)
        if found is None:
            raise ValidationError
        return found


def init_app(app: Flask) -> None:
    """Make ``<int:…>`` mean an id; call before the blueprints add their routes."""
    app.url_map.converters["int"] = IdConverter
