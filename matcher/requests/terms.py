"""Reading vocabulary terms the way schools write them.

A CSV cell may hold the code (``vmbo-gt``), the Dutch label (``vmbo gemengd/theoretisch``)
or the English label, in any case; a form sends the code. :class:`Lookup` maps all of
them to the code and carries the Dutch messages for a missing or unknown value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.shared import vocabulary
from matcher.shared.vocabulary import Term


@dataclass(frozen=True)
class Lookup:
    """One vocabulary as a case-insensitive lookup, with its messages."""

    terms: tuple[Term, ...]
    missing: str
    unknown: str
    aliases: Mapping[str, str]

    def find(self, text: str) -> str | None:
        """The code that ``text`` names, or ``None``."""
        key = _normal(text)
        for term in self.terms:
            if key in (_normal(term.code), _normal(term.nl), _normal(term.en)):
                return term.code
        return self.aliases.get(key)

    def label(self, code: str | None) -> str:
        """The Dutch label of ``code`` (the code itself when unknown)."""
        return next((term.nl for term in self.terms if term.code == code), code or "")


def _normal(text: str) -> str:
    # "Op locatie", "op_locatie" and "OP  LOCATIE" are one answer.
    return " ".join(text.replace("_", " ").split()).casefold()


def _lookup(terms: tuple[Term, ...], missing: str, unknown: str, **aliases: str) -> Lookup:
    return Lookup(terms, missing, unknown, {_normal(a): code for a, code in aliases.items()})


SUBJECTS = _lookup(vocabulary.SUBJECTS, "kies minstens één vak", 'onbekend vak "%(value)s"')
NEEDS = _lookup(
    vocabulary.NEEDS,
    "kies minstens één behoefte: waarom zoekt de school een maatje?",
    'onbekende behoefte "%(value)s"',
)
LANGUAGES = _lookup(vocabulary.LANGUAGES, "kies een taal", 'onbekende taal "%(value)s"')
LEVELS = _lookup(vocabulary.LEVELS, "kies een niveau", 'onbekend niveau "%(value)s"')
MODES = _lookup(
    vocabulary.MODES,
    "kies online, op locatie of beide",
    'onbekende vorm "%(value)s"; kies online, op locatie of beide',
    beide="both",
)
PRIORITIES = _lookup(
    vocabulary.PRIORITIES,
    "kies een urgentie",
    'onbekende urgentie "%(value)s"; kies urgent, hoog of normaal',
)
