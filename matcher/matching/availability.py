"""Weekly availability: unions of minute intervals and their exact overlap.

Times are minutes after Monday 00:00 (``0`` … ``10080``). A person's intervals may
overlap each other; the spec counts the *union* of them, so every computation here
first merges them. Intervals are half-open, which makes touching intervals overlap
zero minutes.

For candidate generation the overlap of many people with many others is one matrix
product: cut the week at every start and end that occurs in the block into
elementary segments; a person is a 0/1 row over the segments; the overlap of two
people is the sum of the lengths of the segments both cover. The integers involved
stay far below 2**24, so the float32 product is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Interval = tuple[int, int]


def union(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """The sorted, disjoint union of half-open intervals (touching ones merged).

    >>> union([(60, 120), (0, 30), (100, 180), (180, 200)])
    ((0, 30), (60, 200))
    """
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def overlap_minutes(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Minutes in the intersection of the union of ``a`` with the union of ``b``.

    >>> overlap_minutes([(0, 60), (30, 90)], [(60, 120)])
    30
    >>> overlap_minutes([(0, 60)], [(60, 120)])
    0
    """
    ua, ub = union(a), union(b)
    total, i, j = 0, 0, 0
    while i < len(ua) and j < len(ub):
        total += max(0, min(ua[i][1], ub[j][1]) - max(ua[i][0], ub[j][0]))
        if ua[i][1] <= ub[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class WeeklyTable:
    """The unions of many people in compressed-row form: person ``k`` owns
    ``start[ptr[k]:ptr[k+1]]`` / ``end[...]``."""

    ptr: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, availabilities: Sequence[Sequence[Interval]]) -> WeeklyTable:
        """Build the table from each person's raw (possibly overlapping) intervals."""
        unions = [union(intervals) for intervals in availabilities]
        counts = np.fromiter((len(u) for u in unions), dtype=np.int64, count=len(unions))
        ptr = np.zeros(len(unions) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        flat = np.array([iv for u in unions for iv in u], dtype=np.int32).reshape(-1, 2)
        return cls(ptr, flat[:, 0].copy(), flat[:, 1].copy())

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Intervals of ``rows`` as (owner position in ``rows``, start, end)."""
        counts = self.ptr[rows + 1] - self.ptr[rows]
        owner = np.repeat(np.arange(len(rows)), counts)
        first = np.repeat(self.ptr[rows] - np.cumsum(counts) + counts, counts)
        flat = first + np.arange(len(owner))
        return owner, self.start[flat], self.end[flat]


def cuts_of(a: WeeklyTable, rows_a: np.ndarray, b: WeeklyTable, rows_b: np.ndarray) -> np.ndarray:
    """Every start and end of ``rows_a`` and ``rows_b``, sorted and unique: the borders
    of the elementary segments on which all of them are constant."""
    _, start_a, end_a = a.gather(rows_a)
    _, start_b, end_b = b.gather(rows_b)
    return np.unique(np.concatenate([start_a, end_a, start_b, end_b]))


def segment_cover(table: WeeklyTable, rows: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """A ``(len(rows), len(cuts) - 1)`` float32 0/1 matrix: which segments each person
    covers. Every interval end of ``rows`` must be one of ``cuts``."""
    owner, start, end = table.gather(rows)
    width = len(cuts)
    # +1 where an interval opens, -1 where it closes; a running sum marks covered
    # segments. Unions are disjoint, so the sum is 0 or 1.
    first = owner * width + np.searchsorted(cuts, start)
    last = owner * width + np.searchsorted(cuts, end)
    size = len(rows) * width
    delta = (np.bincount(first, minlength=size) - np.bincount(last, minlength=size)).astype(np.int8)
    cover = np.cumsum(delta.reshape(len(rows), width), axis=1, dtype=np.int8)[:, :-1]
    return cover.astype(np.float32)


def overlap_matrix(
    a: WeeklyTable, rows_a: np.ndarray, b: WeeklyTable, rows_b: np.ndarray
) -> np.ndarray:
    """Exact weekly overlap in minutes of every ``rows_a`` person with every ``rows_b``
    person, as a float32 matrix of shape ``(len(rows_a), len(rows_b))``."""
    cuts = cuts_of(a, rows_a, b, rows_b)
    if len(cuts) < 2:
        return np.zeros((len(rows_a), len(rows_b)), dtype=np.float32)
    lengths = np.diff(cuts).astype(np.float32)
    return (segment_cover(a, rows_a, cuts) * lengths) @ segment_cover(b, rows_b, cuts).T
