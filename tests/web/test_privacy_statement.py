"""The privacy statement: every personal column, what/why/how long/who, wholly in one language."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from matcher.privacy import inventory

CATALOGUE = Path(__file__).resolve().parents[2] / "webapp/translations/en/LC_MESSAGES/messages.po"
PERSONAL = [entry for entry in inventory.entries() if entry.personal]


def english() -> dict[str, str]:
    with CATALOGUE.open("rb") as po:
        return {m.id: m.string for m in read_po(po) if isinstance(m.id, str) and m.string}


def inventory_texts(entry: inventory.Entry) -> list[str]:
    return [text for text in (entry.label, entry.purpose, entry.retention.description) if text]


class Rows(HTMLParser):
    """The text of each body cell, row by row (the column's name in <code> left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_code = self._in_head = False

    def handle_starttag(self, tag, attrs):
        self._in_head = self._in_head or tag == "thead"
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        self._in_code = self._in_code or tag == "code"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and not self._in_head:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
        if tag in ("td", "th"):
            self._cell = None
        self._in_head = self._in_head and tag != "thead"
        self._in_code = self._in_code and tag != "code"

    def handle_data(self, data):
        if self._cell is not None and not self._in_code:
            self._cell.append(data)


def table_rows(page: str) -> list[list[str]]:
    parser = Rows()
    parser.feed(page)
    return [row for row in parser.rows if row]


@pytest.mark.parametrize("entry", inventory.entries(), ids=lambda e: f"{e.table}.{e.column}")
def test_every_inventory_text_has_an_english_translation(entry):
    translated = english()
    missing = [text for text in inventory_texts(entry) if text not in translated]
    assert missing == []


def test_every_personal_column_says_in_words_what_it_holds_and_only_those_do():
    assert [(e.table, e.column) for e in PERSONAL if not e.label] == []
    assert [(e.table, e.column) for e in inventory.entries() if e.label and not e.personal] == []


def expected_rows(translate) -> list[tuple[str, str, str]]:
    return [
        (translate(e.label), translate(e.purpose), translate(e.retention.description))
        for e in PERSONAL
    ]


def shown_rows(page: str) -> list[tuple[str, str, str]]:
    # Cells: what, category, why, how long, who sees it.
    return [(row[0], row[2], row[3]) for row in table_rows(page)]


def test_the_dutch_statement_lists_every_personal_column_in_dutch_only(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert shown_rows(page) == expected_rows(lambda text: text)
    in_english = {text for e in PERSONAL for text in map(english().get, inventory_texts(e))}
    assert [text for text in in_english if text in unescape(page) and " " in text] == []
    assert all(row[4] for row in table_rows(page)), "every row says who sees it"


def test_the_english_statement_lists_every_personal_column_in_english_only(client):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    translated = english()
    assert shown_rows(page) == expected_rows(translated.__getitem__)
    in_dutch = {text for e in PERSONAL for text in inventory_texts(e)}
    assert [text for text in in_dutch if text in unescape(page) and " " in text] == []
    assert "Accounts of volunteers, schools and coordinators" in page
    assert "Gegeven" not in page and "Wie ziet het" not in page
