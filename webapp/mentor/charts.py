"""Contact moments per week as plain geometry, drawn as inline SVG by ``mentor/_weeks.html``.

As the coordinator's charts: the server computes every coordinate, so the page needs no
JavaScript and no inline styles (the CSP forbids both). The chart is as wide as a phone
screen and scales down with the page; each week is a column, its label every few weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 340
PLOT_HEIGHT = 100
TOP = 16  # room for the largest value above its column
LABEL_ROOM = 22
MAX_COLUMN = 24
LABELS = 6  # at most this many week labels under the columns


@dataclass(frozen=True)
class Column:
    week: date
    value: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool


@dataclass(frozen=True)
class WeekChart:
    columns: tuple[Column, ...]
    width: int
    height: int
    baseline: int
    top_value: int


def week_chart(weeks: Sequence[tuple[date, int]]) -> WeekChart:
    """Columns scaled to the busiest week; a week with moments is at least 2 px high.

    >>> chart = week_chart([(date(2025, 3, 3), 2), (date(2025, 3, 10), 0)])
    >>> [(c.value, c.height) for c in chart.columns]
    [(2, 100.0), (0, 0.0)]
    """
    top = max((value for _week, value in weeks), default=0)
    slot = WIDTH / max(len(weeks), 1)
    width = min(slot * 0.7, MAX_COLUMN)
    every = max(-(-len(weeks) // LABELS), 1)
    baseline = TOP + PLOT_HEIGHT
    columns = []
    for index, (week, value) in enumerate(weeks):
        height = max(PLOT_HEIGHT * value / top, 2.0) if value and top else 0.0
        columns.append(Column(
            week=week, value=value, x=round(index * slot + (slot - width) / 2, 1),
            y=round(baseline - height, 1), width=round(width, 1), height=round(height, 1),
            labelled=index % every == 0,
        ))
    return WeekChart(tuple(columns), WIDTH, baseline + LABEL_ROOM, baseline, top)
