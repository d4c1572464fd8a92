"""The coordinator's lists as people read them: column names and labels, not codes.

:mod:`matcher.reports.region_lists` gives the same plain rows to the page and to the CSV
export; the page shows each code by its label in the visitor's language, dates as
dd-mm-jjjj, and links the name of a volunteer or pupil to their page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from matcher.matches.end_reasons import END_REASON
from matcher.reports.region_lists import Listing
from matcher.shared.vocabulary import LEVEL, MODE, PRIORITY, SUBJECT, Term
from webapp.shared.i18n import current_language
from webapp.shared.state_labels import MATCH_STATES, PUPIL_STATES, SCREENING_STATES

HEADERS = {
    "volunteers": (
        _l("Nr."), _l("Naam"), _l("E-mailadres"), _l("Stap"), _l("Vakken"), _l("Niveaus"),
        _l("Max. leerlingen"), _l("VOG afgegeven"),
    ),
    "pupils": (
        _l("Nr."), _l("Referentie"), _l("School"), _l("Leerjaar"), _l("Niveau"), _l("Vakken"),
        _l("Urgentie"), _l("Status"), _l("Dagen gewacht"),
    ),
    "matches": (
        _l("Nr."), _l("Leerling"), _l("School"), _l("Vrijwilliger"), _l("Status"), _l("Vorm"),
        _l("Voorgesteld"), _l("Gestart"), _l("Beëindigd"), _l("Reden"),
    ),
}  # fmt: skip
# The columns (by position) whose whole-number cells are right-aligned.
NUMBERS = {"volunteers": {0, 6}, "pupils": {0, 3, 8}, "matches": {0}}


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, where it links to (if anywhere) and whether it is a number."""

    text: str
    link: str | None = None
    number: bool = False


def shown_rows(kind: str, listing: Listing) -> list[list[Cell]]:
    """The listing's rows with labels, dates and links for the page."""
    return [[_cell(kind, i, value, row) for i, value in enumerate(row)] for row in listing.rows]


def _cell(kind: str, column: int, value: object, row: tuple) -> Cell:
    shown = _COLUMNS[kind][column](value, row)
    return shown if isinstance(shown, Cell) else Cell(shown, number=column in NUMBERS[kind])


def _plain(value: object, _row: tuple) -> str:
    return "–" if value is None or value == "" else str(value)


def _when(value: object, _row: tuple) -> str:
    if isinstance(value, datetime):
        return format_datetime(value, "dd-MM-yyyy")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "–"


def _label(labels: dict[str, object]) -> Callable[[object, tuple], str]:
    return lambda value, _row: str(labels.get(str(value), value)) if value else "–"


def _terms(terms: dict[str, Term]) -> Callable[[object, tuple], str]:
    def show(value: object, _row: tuple) -> str:
        codes = str(value or "").split()
        language = current_language()
        return ", ".join(terms[c].label(language) if c in terms else c for c in codes) or "–"

    return show


def _linked(endpoint: str, argument: str) -> Callable[[object, tuple], Cell]:
    return lambda value, row: Cell(str(value), url_for(endpoint, **{argument: row[0]}))


_COLUMNS: dict[str, tuple[Callable[[object, tuple], str | Cell], ...]] = {
    "volunteers": (
        _plain, _linked("coordinator.volunteer", "profile_id"), _plain,
        _label(SCREENING_STATES), _terms(SUBJECT), _terms(LEVEL), _plain, _when,
    ),
    "pupils": (
        _plain, _linked("coordinator.pupil", "pupil_id"), _plain, _plain, _terms(LEVEL),
        _terms(SUBJECT), _terms(PRIORITY), _label(PUPIL_STATES), _plain,
    ),
    "matches": (
        _plain, _plain, _plain, _plain, _label(MATCH_STATES), _terms(MODE), _when, _when,
        _when, _terms(END_REASON),
    ),
}  # fmt: skip
