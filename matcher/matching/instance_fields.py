"""Field readers for ``koppel.instance/1``: each checks one JSON value and names its path.

Every reader takes the object it reads from, the key and the path of the object, and
either returns a plain Python value or raises :class:`InvalidInstance` with a message
such as ``pupils[3].languages[0]: must be an ISO 639-1 code (two lowercase letters)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from matcher.shared.errors import BadInput
from matcher.shared.weekly_slots import ClockError, read_clock

_ISO_639_1 = re.compile(r"[a-z]{2}")
_MISSING = object()


# A JSON path is built as nested (parent, key) tuples and spelled out only when an
# error names it: a national instance has millions of fields and no errors.
JsonPath = str | tuple[Any, str | int]


class InvalidInstance(BadInput):
    """An instance breaks a field rule; ``path`` says where, ``message`` what."""

    def __init__(self, path: JsonPath, message: str) -> None:
        self.path = spelled(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def child(path: JsonPath, key: str | int) -> JsonPath:
    """The JSON path of ``key`` inside the value at ``path``."""
    return (path, key)


def spelled(path: JsonPath) -> str:
    """``pupils[3].availability[0].end`` for a path built with :func:`child`."""
    if isinstance(path, str):
        return path
    parent, key = path
    head = spelled(parent)
    if isinstance(key, int):
        return f"{head}[{key}]"
    return f"{head}.{key}" if head else key


def obj(value: Any, path: JsonPath) -> dict[str, Any]:
    """``value`` itself, which must be a JSON object."""
    if not isinstance(value, dict):
        raise InvalidInstance(path, "must be an object")
    return value


def get(container: dict[str, Any], key: str, path: JsonPath, default: Any = _MISSING) -> Any:
    """The value under ``key``; required unless a ``default`` is given (``null`` counts
    as absent only when a default exists)."""
    value = container.get(key, _MISSING)
    if value is _MISSING or (value is None and default is not _MISSING):
        if default is _MISSING:
            raise InvalidInstance(child(path, key), "is required")
        return default
    return value


def array(value: Any, path: JsonPath) -> list[Any]:
    """``value`` itself, which must be a JSON array."""
    if not isinstance(value, list):
        raise InvalidInstance(path, "must be a list")
    return value


def text(value: Any, path: JsonPath) -> str:
    """A non-empty string."""
    if not isinstance(value, str):
        raise InvalidInstance(path, "must be a string")
    if not value:
        raise InvalidInstance(path, "must not be empty")
    return value


def texts(value: Any, path: JsonPath, *, non_empty: bool) -> tuple[str, ...]:
    """A list of non-empty strings, duplicates dropped, first occurrence first."""
    items = array(value, path)
    if non_empty and not items:
        raise InvalidInstance(path, "must not be empty")
    return tuple(dict.fromkeys(text(item, child(path, i)) for i, item in enumerate(items)))


def code(value: Any, path: JsonPath, allowed: Sequence[str]) -> str:
    """One code out of ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInstance(path, f"must be one of {', '.join(allowed)}")
    return value


def language(value: Any, path: JsonPath) -> str:
    """An ISO 639-1 language code: two lowercase letters."""
    if not isinstance(value, str) or not _ISO_639_1.fullmatch(value):
        raise InvalidInstance(path, "must be an ISO 639-1 code (two lowercase letters)")
    return value


def integer(value: Any, path: JsonPath, *, minimum: int) -> int:
    """An integer (not a boolean, not a float) that is at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInstance(path, "must be an integer")
    if value < minimum:
        raise InvalidInstance(path, f"must be at least {minimum}")
    return value


def number(value: Any, path: JsonPath) -> float:
    """A finite JSON number (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInstance(path, "must be a number")
    return float(value)


def boolean(value: Any, path: JsonPath) -> bool:
    """``true`` or ``false``."""
    if not isinstance(value, bool):
        raise InvalidInstance(path, "must be true or false")
    return value


def clock(value: Any, path: JsonPath, *, is_end: bool) -> int:
    """Minutes after midnight of an ``HH:MM`` time; ``24:00`` only as an end."""
    try:
        return read_clock(value, is_end=is_end)
    except ClockError as refused:
        if refused.reason == "midnight_only_as_end":
            raise InvalidInstance(path, "24:00 is allowed only as an end") from None
        raise InvalidInstance(path, "must be a time HH:MM between 00:00 and 24:00") from None
