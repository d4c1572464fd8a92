"""An :class:`~matcher.matching.instance.Instance` as numpy columns, for vectorised rules.

Sets of codes (subjects, languages) become bit masks of shape ``(n, words)``: bit
``k`` of a row is set when the person has the ``k``-th code of a sorted index, so
"share at least one subject" is an AND over a few 64-bit words per pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.matching.availability import WeeklyTable
from matcher.matching.instance import Instance, PupilEntry, VolunteerEntry
from matcher.shared.vocabulary import LEVEL_CODES, PRIORITY_CODES

NO_CODE = -1


def bitmask(rows: Sequence[Sequence[str]], index: dict[str, int]) -> np.ndarray:
    """Rows of codes as a ``(len(rows), words)`` uint64 mask over ``index``."""
    words = max(1, (len(index) + 63) // 64)
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    bits = np.fromiter((index[c] for row in rows for c in row), dtype=np.int64, count=len(owner))
    mask = np.zeros((len(rows), words), dtype=np.uint64)
    one_bit = np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
    np.bitwise_or.at(mask, (owner, bits // 64), one_bit)
    return mask


def shares_any(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row: do two aligned ``(n, words)`` masks have a common bit?"""
    return (a & b).any(axis=1)


def count_shared(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row: how many bits two aligned ``(n, words)`` masks have in common."""
    return np.bitwise_count(a & b).sum(axis=1, dtype=np.int64)


def has_bit(masks: np.ndarray, bit: int) -> np.ndarray:
    """Per row of a ``(n, words)`` mask: is bit ``bit`` set?"""
    return (masks[:, bit // 64] >> np.uint64(bit % 64)) & np.uint64(1) == np.uint64(1)


def below(bit: int, words: int) -> np.ndarray:
    """A single mask row with every bit lower than ``bit`` set."""
    mask = np.zeros(words, dtype=np.uint64)
    mask[: bit // 64] = np.uint64(0xFFFFFFFFFFFFFFFF)
    if bit % 64:
        mask[bit // 64] = np.uint64((1 << (bit % 64)) - 1)
    return mask


@dataclass(frozen=True)
class Side:
    """Columns shared by volunteers and pupils."""

    region: np.ndarray  # int32 index into Columns.regions
    subjects: np.ndarray  # (n, words) uint64 over Columns.subjects
    languages: np.ndarray  # (n, words) uint64 over Columns.languages
    online: np.ndarray  # bool: mode online or both
    in_person: np.ndarray  # bool: mode in_person or both
    lat: np.ndarray  # degrees, NaN without location
    lon: np.ndarray
    weekly: WeeklyTable


@dataclass(frozen=True)
class Columns:
    """Everything the vectorised rules, the cost model and the explanations read."""

    regions: tuple[str, ...]
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    volunteers: Side
    pupils: Side
    volunteer_levels: np.ndarray  # (n_v, len(LEVEL_CODES)) bool; all True for "any level"
    volunteer_any_level: np.ndarray  # bool: levels list was empty
    volunteer_max_km: np.ndarray  # NaN for online-only volunteers
    capacity_left: np.ndarray  # int64: capacity minus locked pairs
    pupil_level: np.ndarray  # int8 index into LEVEL_CODES
    pupil_needs: np.ndarray  # int32 index into languages, NO_CODE for none
    pupil_class: np.ndarray  # int8: 0 urgent, 1 high, 2 normal
    pupil_waiting: np.ndarray  # int64 days
    pupil_subject_count: np.ndarray  # int64
    pupil_locked: np.ndarray  # bool


def columns_of(instance: Instance) -> Columns:
    """Turn ``instance`` into the columns the vectorised rules work on."""
    vols, pups = instance.volunteers, instance.pupils
    people: tuple[VolunteerEntry | PupilEntry, ...] = vols + pups
    regions = tuple(sorted({p.region for p in people}))
    subjects = tuple(sorted({s for p in people for s in p.subjects}))
    languages = tuple(sorted(
        {c for p in people for c in p.languages} | {p.needs_language for p in pups} - {None}
    ))
    index = {name: {code: k for k, code in enumerate(codes)}
             for name, codes in (("r", regions), ("s", subjects), ("l", languages))}

    levels = np.zeros((len(vols), len(LEVEL_CODES)), dtype=bool)
    for row, volunteer in enumerate(vols):
        levels[row] = [not volunteer.levels or code in volunteer.levels for code in LEVEL_CODES]
    load: dict[str, int] = {}
    for pair in instance.locked:
        load[pair.volunteer] = load.get(pair.volunteer, 0) + 1
    locked_pupils = {pair.pupil for pair in instance.locked}
    return Columns(
        regions=regions,
        subjects=subjects,
        languages=languages,
        volunteers=_side(vols, index),
        pupils=_side(pups, index),
        volunteer_levels=levels,
        volunteer_any_level=np.array([not v.levels for v in vols], dtype=bool),
        volunteer_max_km=np.array(
            [np.nan if v.max_distance_km is None else v.max_distance_km for v in vols],
            dtype=np.float64,
        ),
        capacity_left=np.array([v.capacity - load.get(v.id, 0) for v in vols], dtype=np.int64),
        pupil_level=np.array([LEVEL_CODES.index(p.level) for p in pups], dtype=np.int8),
        pupil_needs=np.array(
            [NO_CODE if p.needs_language is None else index["l"][p.needs_language] for p in pups],
            dtype=np.int32,
        ),
        pupil_class=np.array([PRIORITY_CODES.index(p.priority) for p in pups], dtype=np.int8),
        pupil_waiting=np.array([p.waiting_days for p in pups], dtype=np.int64),
        pupil_subject_count=np.array([len(p.subjects) for p in pups], dtype=np.int64),
        pupil_locked=np.array([p.id in locked_pupils for p in pups], dtype=bool),
    )


def _side(people: Sequence[VolunteerEntry | PupilEntry], index: dict[str, dict[str, int]]) -> Side:
    return Side(
        region=np.array([index["r"][p.region] for p in people], dtype=np.int32),
        subjects=bitmask([p.subjects for p in people], index["s"]),
        languages=bitmask([p.languages for p in people], index["l"]),
        online=np.array([p.mode != "in_person" for p in people], dtype=bool),
        in_person=np.array([p.mode != "online" for p in people], dtype=bool),
        lat=np.array([np.nan if p.location is None else p.location.lat for p in people]),
        lon=np.array([np.nan if p.location is None else p.location.lon for p in people]),
        weekly=WeeklyTable.of([p.availability for p in people]),
    )
