"""The English catalogue is complete and its compiled form is up to date."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}

# A message id is a string, or for plural forms a (singular, plural) tuple.
MessageId = str | tuple[str, ...]


def _translations(catalog) -> dict[MessageId, str | tuple[str, ...]]:
    # A compiled catalogue gives a plural's id and forms as lists; the .po as tuples.
    return {_tupled(message.id): _tupled(message.string) for message in catalog if message.id}


def _tupled(value):
    return tuple(value) if isinstance(value, list) else value


def _message_id(extracted: str | tuple[str | None, ...]) -> MessageId:
    # Extraction gives a plural as (singular, plural[, ...]); catalogues key it by the first two.
    return extracted if isinstance(extracted, str) else tuple(extracted[:2])


def _untranslated(found: set[MessageId], catalog) -> list[str]:
    """The found ids without a complete translation, as text; a plural needs every form."""
    strings = _translations(catalog)

    def complete(key: MessageId) -> bool:
        value = strings.get(key)
        return all(value) if isinstance(value, tuple) else bool(value)

    return sorted(
        key if isinstance(key, str) else " | ".join(key) for key in found if not complete(key)
    )


def test_every_text_in_code_and_templates_has_an_english_translation():
    with (ROOT / "webapp" / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {
        _message_id(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS
        )
    }
    with (CATALOGUE / "messages.po").open("rb") as po:
        catalog = read_po(po)
    assert "Inloggen" in found
    assert _untranslated(found, catalog) == []


def test_a_plural_counts_as_translated_only_when_every_form_is():
    catalog = Catalog(locale="en")
    catalog.add(("%(n)s dag", "%(n)s dagen"), ("%(n)s day", ""))
    catalog.add(("%(n)s week", "%(n)s weken"), ("%(n)s week", "%(n)s weeks"))
    catalog.add("Inloggen", "Sign in")
    found = {("%(n)s dag", "%(n)s dagen"), ("%(n)s week", "%(n)s weken"), "Inloggen", "Nieuw"}
    assert _untranslated(found, catalog) == ["%(n)s dag | %(n)s dagen", "Nieuw"]


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.po").open("rb") as po, (CATALOGUE / "messages.mo").open("rb") as mo:
        assert _translations(read_mo(mo)) == _translations(read_po(po))
