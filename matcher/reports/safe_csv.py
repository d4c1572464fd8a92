"""CSV files that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel and LibreOffice, so a volunteer who types
``=HYPERLINK(...)`` as their name could run something on the coordinator's machine
(OWASP "CSV injection"). Such text cells get a leading apostrophe, which
spreadsheets show as plain text. Numbers we produce ourselves are written as they are.

>>> to_csv(["naam", "aantal"], [["=cmd()", -3], ["Anna", 2]])
"naam,aantal\\r\\n'=cmd(),-3\\r\\nAnna,2\\r\\n"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | date | datetime | None


def neutralise(value: Cell) -> str:
    """The text of one cell, with an apostrophe before anything a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A whole CSV document (RFC 4180, CRLF line ends) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
