"""The values of a ``koppel.instance/1``: typed, immutable, already validated.

:func:`matcher.matching.instance.parse_instance` builds them (and re-exports them); weekly
times are minutes after Monday 00:00.
"""

from __future__ import annotations

from dataclasses import dataclass

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float


# The contract's default for options.min_overlap_minutes: an hour a week in common.
DEFAULT_MIN_OVERLAP_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Options:
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES
    cross_region_online: bool = False


@dataclass(frozen=True, slots=True)
class VolunteerEntry:
    id: str
    region: str
    subjects: tuple[str, ...]
    levels: tuple[str, ...]
    languages: tuple[str, ...]
    availability: tuple[Interval, ...]
    mode: str
    location: Location | None
    max_distance_km: float | None
    capacity: int


@dataclass(frozen=True, slots=True)
class PupilEntry:
    id: str
    region: str
    subjects: tuple[str, ...]
    level: str
    languages: tuple[str, ...]
    needs_language: str | None
    availability: tuple[Interval, ...]
    mode: str
    location: Location | None
    priority: str
    waiting_days: int


@dataclass(frozen=True, slots=True)
class Pair:
    volunteer: str
    pupil: str


@dataclass(frozen=True, slots=True)
class Instance:
    options: Options
    volunteers: tuple[VolunteerEntry, ...]
    pupils: tuple[PupilEntry, ...]
    locked: tuple[Pair, ...]
    forbidden: tuple[Pair, ...]
