"""Weekly availability as people type it: day plus "HH:MM" start and end.

Stored as ``{"day": "mon", "start": 900, "end": 1020}`` (minutes since midnight),
the format :mod:`matcher.db.models.people` documents. ``24:00`` is allowed only as
an end, so "until midnight" can be said without a slot crossing into the next day.

>>> parse_slot("tue", "15:00", "16:30")
{'day': 'tue', 'start': 900, 'end': 990}
>>> clock_text(1440)
'24:00'

:func:`read_clock` is the one reader of a clock time: the forms read what people type
through it, and :mod:`matcher.matching.instance_fields` reads the strict ``HH:MM`` of
an instance file through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import DAY_CODES

MINUTES_PER_DAY = 24 * 60
MAX_SLOTS = 21
# An instance file says "09:30"; people also type "9:30", "09.30" and spaces.
_FILE_CLOCK = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")
_TYPED_CLOCK = re.compile(r"([01]?\d|2[0-4])[:.]([0-5]\d)")


class ClockError(ValueError):
    """A clock time that cannot be read; ``reason`` is ``not_a_time`` or
    ``midnight_only_as_end``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_clock(text: object, *, is_end: bool, typed: bool = False) -> int:
    """Minutes since midnight of a clock time; ``24:00`` only when ``is_end``.

    ``typed`` accepts what people type (``"9:30"``, ``"09.30"``, surrounding space);
    without it only an instance file's ``"HH:MM"``. Raises :class:`ClockError`.

    >>> read_clock("9.30", is_end=False, typed=True), read_clock("24:00", is_end=True)
    (570, 1440)
    """
    pattern = _TYPED_CLOCK if typed else _FILE_CLOCK
    if isinstance(text, str) and typed:
        text = text.strip()
    match = pattern.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ClockError("not_a_time")
    minutes = int(match[1]) * 60 + int(match[2])
    if minutes > MINUTES_PER_DAY:
        raise ClockError("not_a_time")
    if minutes == MINUTES_PER_DAY and not is_end:
        raise ClockError("midnight_only_as_end")
    return minutes


class SlotError(BadInput):
    """One availability row is wrong; ``part`` is ``day``, ``start`` or ``end``."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"availability {part}: {reason}")
        self.part = part
        self.reason = reason


def parse_clock(text: str, part: str) -> int:
    """Minutes since midnight for a typed ``"HH:MM"``; :class:`SlotError` names ``part``."""
    try:
        return read_clock(text, is_end=part == "end", typed=True)
    except ClockError as refused:
        raise SlotError(part, refused.reason) from None


def parse_slot(day: str, start: str, end: str) -> dict[str, Any]:
    """One stored slot from a day code and two clock times; :class:`SlotError` if wrong."""
    if day not in DAY_CODES:
        raise SlotError("day", "unknown_day")
    first = parse_clock(start, "start")
    last = parse_clock(end, "end")
    if first >= last:
        raise SlotError("end", "end_before_start")
    return {"day": day, "start": first, "end": last}


def normalise(slots: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Slots sorted by day and time with exact duplicates dropped; at most :data:`MAX_SLOTS`."""
    unique = {(s["day"], s["start"], s["end"]) for s in slots}
    if len(unique) > MAX_SLOTS:
        raise BadInput(f"availability: at most {MAX_SLOTS} rows")
    ordered = sorted(unique, key=lambda s: (DAY_CODES.index(s[0]), s[1], s[2]))
    return [{"day": day, "start": start, "end": end} for day, start, end in ordered]


def clock_text(minutes: int) -> str:
    """``"HH:MM"`` for minutes since midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def common(
    first: Iterable[dict[str, Any]], second: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The weekly times in both lists of slots, merged where they touch, by day and time.

    >>> common([{"day": "mon", "start": 900, "end": 1020}],
    ...        [{"day": "mon", "start": 960, "end": 1080}, {"day": "tue", "start": 0, "end": 60}])
    [{'day': 'mon', 'start': 960, 'end': 1020}]
    """
    found = []
    for a in first:
        for b in second:
            if a["day"] == b["day"] and max(a["start"], b["start"]) < min(a["end"], b["end"]):
                found.append((a["day"], max(a["start"], b["start"]), min(a["end"], b["end"])))
    merged: list[list[Any]] = []
    for day, start, end in sorted(found, key=lambda s: (DAY_CODES.index(s[0]), s[1], s[2])):
        if merged and merged[-1][0] == day and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([day, start, end])
    return [{"day": day, "start": start, "end": end} for day, start, end in merged]
