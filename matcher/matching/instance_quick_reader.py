"""The common case of :mod:`matcher.matching.instance`: a person whose every field is valid.

A national instance holds 70,000 people and several million fields; reading each
through the path-naming readers of :mod:`matcher.matching.instance_fields` took more
than two seconds.
:func:`volunteer` and :func:`pupil` read a person with set and dict look-ups and no
JSON paths, and return ``None`` as soon as anything is unusual (a field missing,
of another type, out of range …); the caller then runs the precise reader, which
names the offending path. So every error message comes from one place, and these
functions only ever accept what the precise reader accepts, giving the same values.
"""

from __future__ import annotations

import math
from itertools import product
from string import ascii_lowercase
from typing import Any

from matcher.matching.instance_values import Location, PupilEntry, VolunteerEntry
from matcher.shared.vocabulary import DAY_CODES, LEVEL_CODES, MODE_CODES, PRIORITY_CODES
from matcher.shared.weekly_slots import MINUTES_PER_DAY, ClockError, read_clock

_DAY_START = {day: k * MINUTES_PER_DAY for k, day in enumerate(DAY_CODES)}


def _clock_table(*, is_end: bool) -> dict[str, int]:
    """Every ``HH:MM`` that :func:`~matcher.shared.weekly_slots.read_clock` accepts,
    with its minutes: a dict look-up instead of a regular expression per field."""
    table = {}
    for hour, minute in product(range(25), range(60)):
        text = f"{hour:02d}:{minute:02d}"
        try:
            table[text] = read_clock(text, is_end=is_end)
        except ClockError:
            continue
    return table


_START, _END = _clock_table(is_end=False), _clock_table(is_end=True)
_LANGUAGES = frozenset(a + b for a, b in product(ascii_lowercase, repeat=2))
_LEVELS = frozenset(LEVEL_CODES)
_MODES = frozenset(MODE_CODES)
_PRIORITIES = frozenset(PRIORITY_CODES)


class _Unusual(Exception):
    """Raised inside this module only: let the precise reader judge this person."""


def volunteer(doc: Any) -> VolunteerEntry | None:
    """``doc`` as a :class:`VolunteerEntry` if every field is valid, else ``None``."""
    try:
        common = _common(doc)
        levels = doc["levels"]
        if type(levels) is not list or not _LEVELS.issuperset(levels):
            return None
        distance = doc.get("max_distance_km")
        if distance is None:
            if common["mode"] != "online":
                return None
        else:
            distance = _number(distance)
            if distance <= 0:
                return None
        capacity = doc["capacity"]
        if type(capacity) is not int or capacity < 1:
            return None
        return VolunteerEntry(levels=tuple(dict.fromkeys(levels)), max_distance_km=distance,
                         capacity=capacity, **common)
    except Exception:  # anything unusual: the precise reader judges, and names it
        return None


def pupil(doc: Any) -> PupilEntry | None:
    """``doc`` as a :class:`PupilEntry` if every field is valid, else ``None``."""
    try:
        common = _common(doc)
        level, priority = doc["level"], doc["priority"]
        needs = doc.get("needs_language")
        waiting = doc["waiting_days"]
        if (
            level not in _LEVELS
            or priority not in _PRIORITIES
            or (needs is not None and needs not in _LANGUAGES)
            or type(waiting) is not int
            or waiting < 0
        ):
            return None
        return PupilEntry(level=level, needs_language=needs, priority=priority,
                     waiting_days=waiting, **common)
    except Exception:  # anything unusual: the precise reader judges, and names it
        return None


def _common(doc: dict[str, Any]) -> dict[str, Any]:
    person_id, region, mode = doc["id"], doc["region"], doc["mode"]
    subjects, languages = doc["subjects"], doc["languages"]
    if (
        type(person_id) is not str or not person_id
        or type(region) is not str or not region
        or mode not in _MODES
        or type(subjects) is not list or {type(s) for s in subjects} != {str} or "" in subjects
        or type(languages) is not list or not _LANGUAGES.issuperset(languages)
    ):
        raise _Unusual
    location = doc.get("location")
    if location is None:
        if mode != "online":
            raise _Unusual
    else:
        lat, lon = _number(location["lat"]), _number(location["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _Unusual
        location = Location(lat, lon)
    return {
        "id": person_id,
        "region": region,
        "subjects": tuple(dict.fromkeys(subjects)),
        "languages": tuple(dict.fromkeys(languages)),
        "availability": _availability(doc["availability"]),
        "mode": mode,
        "location": location,
    }


def _availability(slots: list[Any]) -> tuple[tuple[int, int], ...]:
    if type(slots) is not list:
        raise _Unusual
    intervals = []
    for slot in slots:
        if type(slot) is not dict:
            raise _Unusual
        day = _DAY_START[slot["day"]]
        start, end = _START[slot["start"]], _END[slot["end"]]
        if end <= start:
            raise _Unusual
        intervals.append((day + start, day + end))
    return tuple(intervals)


def _number(value: Any) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise _Unusual
    return float(value)
