"""The English catalogue is complete and its compiled form is up to date."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES"


def _translations(catalog) -> dict[str, str]:
    return {message.id: message.string for message in catalog if message.id}


def test_every_text_in_code_and_templates_has_an_english_translation():
    with (ROOT / "webapp" / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=keywords
        )
    }
    with (CATALOGUE / "messages.po").open("rb") as po:
        translated = {key for key, value in _translations(read_po(po)).items() if value}
    assert "Inloggen" in found
    assert sorted(found - translated) == []


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.po").open("rb") as po, (CATALOGUE / "messages.mo").open("rb") as mo:
        assert _translations(read_mo(mo)) == _translations(read_po(po))
