"""Horizontal bar charts as plain geometry, drawn as inline SVG by ``_charts.html``.

The server computes every coordinate, so the page needs no JavaScript and no
inline styles (the CSP forbids both); colours are SVG presentation attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 170
BAR_AREA = 300
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(values: Sequence[tuple[str, int]]) -> BarChart:
    """Bars scaled to the largest value; a non-zero value is always at least 2 px wide."""
    top = max((value for _label, value in values), default=0)
    bars = tuple(
        Bar(
            label=str(label),
            value=value,
            y=index * ROW_HEIGHT,
            width=max(round(BAR_AREA * value / top), 2) if value and top else 0,
        )
        for index, (label, value) in enumerate(values)
    )
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + 50, max(len(bars), 1) * ROW_HEIGHT)
