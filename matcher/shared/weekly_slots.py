"""Weekly availability as people type it: day plus "HH:MM" start and end.

Stored as ``{"day": "mon", "start": 900, "end": 1020}`` (minutes since midnight),
the format :mod:`matcher.db.models.people` documents. ``24:00`` is allowed only as
an end, so "until midnight" can be said without a slot crossing into the next day.

>>> parse_slot("tue", "15:00", "16:30")
{'day': 'tue', 'start': 900, 'end': 990}
>>> clock_text(1440)
'24:00'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import DAY_CODES

MINUTES_PER_DAY = 24 * 60
MAX_SLOTS = 21
_CLOCK = re.compile(r"([01]?\d|2[0-4])[:.]([0-5]\d)")


class SlotError(BadInput):
    """One availability row is wrong; ``part`` is ``day``, ``start`` or ``end``."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"availability {part}: {reason}")
        self.part = part
        self.reason = reason


def parse_clock(text: str, part: str) -> int:
    """Minutes since midnight for ``"HH:MM"`` (``"9:30"`` and ``"09.30"`` too)."""
    match = _CLOCK.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise SlotError(part, "not_a_time")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > MINUTES_PER_DAY:
        raise SlotError(part, "not_a_time")
    if minutes == MINUTES_PER_DAY and part != "end":
        raise SlotError(part, "midnight_only_as_end")
    return minutes


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
