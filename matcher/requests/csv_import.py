"""The CSV file a school uploads for many pupils at once: columns, template, reading.

The header row is Dutch. Files may be separated by semicolons (what Dutch Excel
writes) or commas, and may be UTF-8 with or without a byte-order mark; Excel's
older "CSV (puntkomma gescheiden)" is Windows-1252, which is read too. Row numbers
in messages are the row numbers a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from matcher.requests.problems import Problem
from matcher.shared.errors import BadInput

MAX_BYTES = 1_000_000
MAX_ROWS = 1000


@dataclass(frozen=True)
class Column:
    """One column of the file: its Dutch header, the request field, help and an example."""

    header: str
    field: str
    required: bool
    help: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "referentie",
        "reference",
        True,
        "Voornaam met initiaal of een eigen code van de school; geen volledige naam, "
        "geen geboortedatum",
        "Sara B.",
    ),
    Column("leerjaar", "school_year", True, "1 tot en met 6", "2"),
    Column("niveau", "level", True, "pro, vmbo-b, vmbo-k, vmbo-gt, havo, vwo of isk", "havo"),
    Column("vakken", "subjects", True, "Eén of meer vakken, gescheiden door komma's", "wiskunde"),
    Column(
        "behoeften",
        "needs",
        True,
        "Waarom een maatje: geen_device, geen_werkplek, weinig_steun, zorgbehoefte, "
        "nieuwkomer, stress_thuis, onveilig_thuis",
        "geen_werkplek, weinig_steun",
    ),
    Column(
        "urgentie",
        "priority",
        False,
        "Leeg laten voor het voorstel van Koppel; anders urgent, hoog of normaal",
        "",
    ),
    Column(
        "reden_urgentie",
        "priority_reason",
        False,
        "Alleen als u afwijkt van het voorstel; kort, zonder medische details",
        "",
    ),
    Column("talen", "languages", False, "Talen van de leerling, zoals nl, ar", "nl, ar"),
    Column(
        "taal_verplicht", "needs_language", False, "Taal die het maatje moet spreken, of leeg", ""
    ),
    Column(
        "beschikbaarheid",
        "availability",
        True,
        "Dagen en tijden, gescheiden door komma's",
        "ma 15:00-17:00, wo 14:00-16:00",
    ),
    Column("vorm", "mode", True, "online, op locatie of beide", "online"),
    Column("postcode", "postcode", True, "Vier cijfers, alleen de cijfers worden bewaard", "3511"),
    Column(
        "toestemming",
        "consent",
        True,
        "ja = de school heeft toestemming van de leerling en de ouders",
        "ja",
    ),
    Column(
        "mentor",
        "mentor",
        False,
        "E-mailadres van de mentor of contactpersoon die de leerling volgt; leeg: uzelf",
        "",
    ),
)
COLUMN_FOR_FIELD = {column.field: column.header for column in COLUMNS}
_BY_HEADER = {column.header: column for column in COLUMNS}


@dataclass(frozen=True)
class RowProblem:
    """A problem in the file: at a row and column, a row, or the file as a whole."""

    problem: Problem
    row: int | None = None
    column: str | None = None

    def text(self) -> str:
        """The Dutch message, e.g. ``rij 7, kolom "niveau": onbekend niveau "havo5"``."""
        return self.prefix() % {"row": self.row, "column": self.column} + self.problem.text()

    def prefix(self) -> str:
        """The message's lead-in template (translated separately by the web layer)."""
        if self.row is not None and self.column is not None:
            return 'rij %(row)d, kolom "%(column)s": '
        if self.row is not None:
            return "rij %(row)d: "
        return ""


class InvalidFile(BadInput):
    """The file cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("; ".join(problem.text() for problem in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CsvRow:
    """One data row: its spreadsheet row number and its cells by request field."""

    number: int
    values: dict[str, str]


# The template's example row; an upload skips a row with this reference, so a school
# that forgets to delete it does not ask a buddy for a pupil who does not exist.
EXAMPLE_REFERENCE = "VOORBEELD - verwijder deze rij"


def template() -> bytes:
    """The downloadable template: the header row and one filled-in example row, UTF-8 with
    BOM so Excel reads accents."""
    example = [EXAMPLE_REFERENCE if column.field == "reference" else column.example
               for column in COLUMNS]
    rows = [[column.header for column in COLUMNS], example]
    lines = (";".join(_quoted(cell) for cell in row) for row in rows)
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _quoted(cell: str) -> str:
    return f'"{cell}"' if any(mark in cell for mark in ';,"') else cell


def read_rows(data: bytes) -> list[CsvRow]:
    """The data rows of an uploaded file; raises :class:`InvalidFile` for a bad file.

    Checks only the shape of the file (size, encoding, header, cells per row); the
    values are checked by :func:`matcher.requests.rules.check_request`. Wholly empty
    rows and the template's example row are skipped but still counted, so row numbers
    match the spreadsheet.
    """
    records = _records(_decode(data))
    if not records:
        _refuse("het bestand is leeg")
    header = [cell.strip().lstrip("\ufeff").casefold() for cell in records[0]]
    _check_header(header)
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            _refuse("er staan meer cellen in deze rij dan kolommen in de kopregel", row=number)
        values = {_BY_HEADER[name].field: cell for name, cell in zip(header, cells, strict=False)}
        if values.get("reference", "").strip() == EXAMPLE_REFERENCE:
            continue
        rows.append(CsvRow(number, values))
    if not rows:
        _refuse("het bestand bevat geen leerlingen onder de kopregel")
    if len(rows) > MAX_ROWS:
        _refuse(
            "het bestand bevat %(count)d leerlingen; het maximum is %(limit)d per bestand, "
            "dus splits het in kleinere bestanden",
            count=len(rows),
            limit=MAX_ROWS,
        )
    return rows


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        _refuse(
            "het bestand is groter dan %(limit)s; splits het in kleinere bestanden",
            limit="1 MB",
        )
    if data.startswith(b"PK\x03\x04"):
        _refuse('dit is een Excel-bestand; kies in Excel "Opslaan als" en dan "CSV UTF-8"')
    if b"\x00" in data:
        _refuse('dit is geen tekstbestand; sla het op als "CSV UTF-8"')
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        _refuse('de tekens in het bestand zijn onleesbaar; sla het op als "CSV UTF-8"')


def _records(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error:
        _refuse("de aanhalingstekens kloppen niet", row=len(records) + 1)
    return records


def _check_header(header: list[str]) -> None:
    problems = [
        RowProblem(Problem("header", 'onbekende kolom "%(column)s"', {"column": name}), row=1)
        for name in header
        if name not in _BY_HEADER
    ]
    problems += [
        RowProblem(Problem("header", 'kolom "%(column)s" komt twee keer voor', {"column": n}), 1)
        for n in sorted({name for name in header if header.count(name) > 1})
    ]
    problems += [
        RowProblem(Problem("header", 'kolom "%(column)s" ontbreekt', {"column": c.header}), row=1)
        for c in COLUMNS
        if c.required and c.header not in header
    ]
    if problems:
        raise InvalidFile(problems)


def _refuse(template: str, *, row: int | None = None, **params: object) -> NoReturn:
    raise InvalidFile([RowProblem(Problem("file", template, params), row=row)])
