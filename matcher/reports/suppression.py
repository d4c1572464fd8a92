"""Small numbers kept out of reports: one rule for the report page and its CSV.

A figure about fewer than five pupils or pairs could point at a person in a small
region, so a count from 1 to 4 is shown as ``< 5``; zero may be shown as ``0``. A share,
an average or a median computed over 1 to 4 records is ``< 5`` as well, and over none
at all it is ``–`` (there is nothing to compute).

>>> [shown(count(n)) for n in (0, 3, 12)]
['0', '< 5', '12']
>>> shown(share(3, 12)), shown(share(3, 4)), shown(share(0, 0))
('25%', '< 5', '–')
>>> shown(average(Fraction(17, 5), 5)), shown(median_of([4, 9, 12, 30, 41]))
('3,4', '12')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import median

SMALL = "< 5"
THRESHOLD = 5
NOTHING = "–"


@dataclass(frozen=True)
class Figure:
    """A value and how many records it counts or was computed over.

    ``kind`` is ``count``, ``share`` (a fraction from 0 to 1, shown as a percentage),
    ``average`` (one decimal) or ``days`` (whole days).
    """

    value: Fraction | int | None
    over: int
    kind: str = "count"


def count(n: int) -> Figure:
    """A number of records."""
    return Figure(n, n)


def share(part: int, whole: int) -> Figure:
    """``part`` out of ``whole`` records."""
    return Figure(Fraction(part, whole) if whole else None, whole, "share")


def average(value: Fraction | float | None, over: int) -> Figure:
    """An average of ``over`` answers."""
    exact = None if value is None else Fraction(value).limit_denominator(1000)
    return Figure(exact, over, "average")


def median_of(days: Sequence[int]) -> Figure:
    """The median of whole days (halves rounded down)."""
    return Figure(int(median(days)) if days else None, len(days), "days")


def shown(figure: Figure) -> str:
    """The text of a figure on the page and in the CSV, small numbers suppressed."""
    if figure.over == 0:
        return "0" if figure.kind == "count" else NOTHING
    if figure.over < THRESHOLD:
        return SMALL
    value = Fraction(figure.value or 0)
    if figure.kind == "share":
        return f"{round(value * 100)}%"
    if figure.kind == "average":
        return f"{round(float(value), 1):.1f}".replace(".", ",")
    return str(int(value))
