"""Dutch text speaks to people as "u" and calls the volunteer a "maatje", in pages and in mail.

The programme is Thuisschoolmaatje; the English catalogue keeps "buddy". Message ids
are the Dutch text, so the ids found in code and templates plus those in the catalogue
(texts that ``matcher`` hands to the web layer) are all the Dutch the pages show.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.web.test_translations import CATALOGUE, KEYWORDS, ROOT

INFORMAL_OR_BUDDY = re.compile(r"\b(je|jij|jou|jouw|jullie|buddy|buddies)\b", re.IGNORECASE)
MAIL_TEMPLATES = ROOT / "matcher" / "mail" / "templates"
# The English parts of a mail: its English subject and body blocks. The layout puts
# its own English after the "English below" rule, except the footer under "--",
# which is one Dutch line followed by one English line.
ENGLISH_BLOCK = re.compile(r"{% block (subject_en|en) %}.*?{% endblock %}", re.DOTALL)


def _dutch_texts() -> set[str]:
    with (ROOT / "webapp" / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {
        text
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS
        )
        for text in ((message,) if isinstance(message, str) else message)
        if text
    }
    with (CATALOGUE / "messages.po").open("rb") as po:
        for message in read_po(po):
            found.update([message.id] if isinstance(message.id, str) else message.id)
    return {text for text in found if text}


def _dutch_mail_text(template: Path) -> str:
    text = ENGLISH_BLOCK.sub("", template.read_text(encoding="utf-8"))
    if template.name == "_layout.txt":
        footer = text.split("\n--\n")[1].strip().splitlines()
        text = text.split("English below")[0] + footer[0]
    return text


def test_the_checks_catch_an_informal_or_buddy_sentence():
    assert INFORMAL_OR_BUDDY.search("Wil je buddy worden?")
    assert INFORMAL_OR_BUDDY.search("Zo ontmoeten jullie elkaar")
    assert not INFORMAL_OR_BUDDY.search("Wilt u maatje worden? Jeugdzorg, jouwe, rijen")


def test_every_dutch_text_on_the_pages_says_u_and_maatje():
    texts = _dutch_texts()
    assert "Wilt u maatje worden van deze leerling?" in texts
    assert sorted(t for t in texts if INFORMAL_OR_BUDDY.search(t)) == []


def test_the_dutch_part_of_every_mail_says_u_and_maatje():
    templates = sorted(MAIL_TEMPLATES.glob("*.txt"))
    assert {t.name for t in templates} >= {"_layout.txt", "match_proposed.txt"}
    offending = {
        template.name: INFORMAL_OR_BUDDY.findall(_dutch_mail_text(template))
        for template in templates
    }
    assert {name: words for name, words in offending.items() if words} == {}
    assert "maatje" in _dutch_mail_text(MAIL_TEMPLATES / "match_proposed.txt")
