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
    text: str  # the value as the page shows it ("< 5" where a report hides a small count)


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(
    values: Sequence[tuple[str, int]], texts: Sequence[str] | None = None
) -> BarChart:
    """Bars scaled to the largest value; a non-zero value is always at least 2 px wide.

    ``texts`` (one per value) replaces the number written beside each bar; a hidden
    value is given as 0, so its bar is not drawn either.
    """
    top = max((value for _label, value in values), default=0)
    bars = tuple(
        Bar(
            label=str(label),
            value=value,
            y=index * ROW_HEIGHT,
            width=max(round(BAR_AREA * value / top), 2) if value and top else 0,
            text=texts[index] if texts is not None else str(value),
        )
        for index, (label, value) in enumerate(values)
    )
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + 50, max(len(bars), 1) * ROW_HEIGHT)
