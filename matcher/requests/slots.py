"""Weekly time slots of a buddy request, from a form's rows or a CSV cell.

A form sends rows of ``{"day": "mon", "start": "15:00", "end": "17:00"}`` (a row left
wholly empty is skipped); a CSV cell holds text such as ``ma 15:00-17:00, wo 14:00-16:00``.
Both are parsed by :mod:`matcher.shared.weekly_slots`, the parser the volunteer form uses,
so a pupil's slot means exactly what a volunteer's does. Problems name the slot by
its number ("tijdvak 2").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from matcher.requests.problems import Refused
from matcher.shared import weekly_slots
from matcher.shared.vocabulary import DAYS

_DAY_NAMES = {
    **{term.code: term.code for term in DAYS},
    **{term.nl: term.code for term in DAYS},
    **{term.en.casefold(): term.code for term in DAYS},
    **{term.nl[:2]: term.code for term in DAYS},
}
_TEXT_SLOT = re.compile(r"(\S+)\s+(\S+?)\s*-\s*(\S+)")
_REASONS = {
    "not_a_time": 'tijdvak %(number)d: onbekende tijd "%(value)s"; schrijf uu:mm, zoals 15:30',
    "midnight_only_as_end": "tijdvak %(number)d: 24:00 kan alleen als eindtijd",
    "end_before_start": "tijdvak %(number)d: de eindtijd moet na de begintijd liggen",
}


def parse_slots(value: Any) -> list[dict[str, Any]]:
    """Stored slots (``{"day", "start", "end"}`` in minutes) from CSV text or form rows.

    Raises :class:`matcher.requests.problems.Refused` naming the first bad slot.
    """
    rows = _rows_from_text(value) if isinstance(value, str) else _rows_from_form(value)
    if not rows:
        raise Refused("geef minstens één tijdvak op waarin de leerling kan")
    if len(rows) > weekly_slots.MAX_SLOTS:
        raise Refused("maximaal %(limit)d tijdvakken", limit=weekly_slots.MAX_SLOTS)
    return weekly_slots.normalise(_slot(*row) for row in rows)


def _rows_from_text(text: str) -> list[tuple[int, str, str, str]]:
    parts = [part.strip() for part in re.split(r"[,|]", text) if part.strip()]
    rows = []
    for number, part in enumerate(parts, start=1):
        match = _TEXT_SLOT.fullmatch(part)
        if match is None:
            raise Refused(
                'tijdvak %(number)d ("%(value)s"): schrijf het als "ma 15:00-17:00"',
                number=number,
                value=part,
            )
        rows.append((number, *match.groups()))
    return rows


def _rows_from_form(rows: Any) -> list[tuple[int, str, str, str]]:
    # Numbered by their line in the form, empty lines included, so the message
    # points at the line the person sees.
    found = []
    for number, row in enumerate(rows or (), start=1):
        cells = row if isinstance(row, Mapping) else {}
        day, start, end = (str(cells.get(k) or "").strip() for k in ("day", "start", "end"))
        if not (day or start or end):
            continue
        if not (day and start and end):
            raise Refused("tijdvak %(number)d: vul dag, begintijd en eindtijd in", number=number)
        found.append((number, day, start, end))
    return found


def _slot(number: int, day: str, start: str, end: str) -> dict[str, Any]:
    code = _DAY_NAMES.get(day.casefold())
    if code is None:
        raise Refused('tijdvak %(number)d: onbekende dag "%(value)s"', number=number, value=day)
    try:
        return weekly_slots.parse_slot(code, start, end)
    except weekly_slots.SlotError as error:
        value = start if error.part == "start" else end
        raise Refused(_REASONS[error.reason], number=number, value=value) from None
