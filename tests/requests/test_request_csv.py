"""Reading the CSV file a school uploads: encodings, separators, header, limits."""

from __future__ import annotations

import pytest

from matcher.requests.csv_import import (
    COLUMNS,
    EXAMPLE_REFERENCE,
    MAX_BYTES,
    MAX_ROWS,
    InvalidFile,
    read_rows,
    template,
)
from matcher.requests.rules import check_request

from .test_request_rules import UTRECHT_SCHOOL

HEADER = ";".join(column.header for column in COLUMNS)
EXAMPLE = ";".join(column.example for column in COLUMNS)


def file_of(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def messages(data: bytes) -> list[str]:
    with pytest.raises(InvalidFile) as refused:
        read_rows(data)
    return [problem.text() for problem in refused.value.problems]


def test_the_template_with_its_example_row_and_the_documented_examples_reads_back_as_valid_rows():
    rows = read_rows(template() + file_of(EXAMPLE, EXAMPLE.replace("Sara B.", "Tim K.")))
    # Row 2 is the template's example row: skipped, but counted like the spreadsheet.
    assert [row.number for row in rows] == [3, 4]
    drafts = [check_request(row.values, UTRECHT_SCHOOL) for row in rows]
    assert [d.reference for d in drafts] == ["Sara B.", "Tim K."]
    assert drafts[0].needs == ("geen_werkplek", "weinig_steun")


def test_the_template_is_utf8_with_a_bom_and_semicolons():
    assert template().startswith(b"\xef\xbb\xbfreferentie;leerjaar;niveau;")


def test_the_templates_example_row_is_valid_but_an_upload_of_it_alone_has_no_pupils():
    [filled_in] = read_rows(template().replace(EXAMPLE_REFERENCE.encode(), b"Sara B."))
    assert check_request(filled_in.values, UTRECHT_SCHOOL).level == "havo"
    with pytest.raises(InvalidFile, match="geen leerlingen"):
        read_rows(template())


def test_a_file_without_bom_and_with_commas_reads_the_same():
    with_commas = file_of(
        HEADER.replace(";", ","),
        ",".join(f'"{c.example}"' if "," in c.example else c.example for c in COLUMNS),
    )
    assert read_rows(with_commas) == read_rows(file_of(HEADER, EXAMPLE))


def test_excels_older_windows_1252_export_keeps_accents():
    data = file_of(HEADER, EXAMPLE.replace("Sara B.", "Zoë B."), encoding="cp1252")
    assert read_rows(data)[0].values["reference"] == "Zoë B."


def test_empty_rows_are_skipped_but_row_numbers_stay_those_of_the_spreadsheet():
    rows = read_rows(file_of(HEADER, ";;;", EXAMPLE))
    assert [row.number for row in rows] == [3]


def test_header_names_are_read_without_regard_to_case_and_optional_columns_may_be_left_out():
    required = [c for c in COLUMNS if c.required]
    data = file_of(
        ";".join(c.header.upper() for c in required), ";".join(c.example for c in required)
    )
    assert read_rows(data)[0].values["reference"] == "Sara B."


def test_header_problems_are_all_named():
    data = file_of(HEADER.replace("niveau", "level") + ";opmerking", EXAMPLE + ";")
    assert messages(data) == [
        'rij 1: onbekende kolom "level"',
        'rij 1: onbekende kolom "opmerking"',
        'rij 1: kolom "niveau" ontbreekt',
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "het bestand is leeg"),
        (file_of(HEADER), "het bestand bevat geen leerlingen onder de kopregel"),
        (
            b"PK\x03\x04rest-of-a-zip",
            'dit is een Excel-bestand; kies in Excel "Opslaan als" en dan "CSV UTF-8"',
        ),
        (b"ref\x00\x01", 'dit is geen tekstbestand; sla het op als "CSV UTF-8"'),
        (
            file_of(HEADER, EXAMPLE + ";te veel"),
            "rij 2: er staan meer cellen in deze rij dan kolommen in de kopregel",
        ),
        (file_of(HEADER, '"Sara B.;2;havo'), "rij 2: de aanhalingstekens kloppen niet"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_clear_message(data, message):
    assert messages(data) == [message]


def test_a_file_over_the_byte_limit_is_refused_before_reading():
    assert messages(b"x" * (MAX_BYTES + 1)) == [
        "het bestand is groter dan 1 MB; splits het in kleinere bestanden"
    ]


def test_a_file_over_the_row_limit_is_refused():
    rows = [EXAMPLE.replace("Sara B.", f"L-{n}") for n in range(MAX_ROWS + 1)]
    assert messages(file_of(HEADER, *rows)) == [
        f"het bestand bevat {MAX_ROWS + 1} leerlingen; het maximum is {MAX_ROWS} per bestand, "
        "dus splits het in kleinere bestanden"
    ]
