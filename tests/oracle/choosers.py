"""Where the instance generator's choices come from: a seed or hypothesis' ``draw``.

The builder only ever asks for an integer or a real in a range, so the same code makes
uniform random instances from a seed and shrinkable ones under hypothesis.
"""

from __future__ import annotations

import random
from typing import Any, Protocol

from hypothesis import strategies as st


class Chooser(Protocol):
    def integer(self, low: int, high: int) -> int: ...  # both ends included

    def real(self, low: float, high: float) -> float: ...


class SeededChooser:
    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def real(self, low: float, high: float) -> float:
        return self._rng.uniform(low, high)


class DrawnChooser:
    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def integer(self, low: int, high: int) -> int:
        return self._draw(st.integers(low, high))

    def real(self, low: float, high: float) -> float:
        return self._draw(st.floats(low, high, allow_nan=False, allow_infinity=False))


def pick(ch: Chooser, items: tuple | list) -> Any:
    return items[ch.integer(0, len(items) - 1)]


def chance(ch: Chooser, percent: int) -> bool:
    # Shrinks towards False: hypothesis minimises the drawn integer.
    return ch.integer(0, 99) >= 100 - percent


def some(ch: Chooser, items: tuple, low: int, high: int) -> list:
    pool = list(items)
    return [pool.pop(ch.integer(0, len(pool) - 1)) for _ in range(ch.integer(low, high))]
