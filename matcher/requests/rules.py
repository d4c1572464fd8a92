"""The rules for one buddy request, shared by the web form and the CSV import.

Pure: plain values in (text as a person typed it, or lists of codes from a form),
a clean :class:`RequestDraft` or a list of :class:`Problem` out. Because the form and
the CSV import both call :func:`check_request`, a school sees the same message for
the same mistake wherever it makes it.

Messages are Dutch templates with ``%(name)s`` placeholders; the web layer
translates the template and fills it in, so this module stays free of Flask.

What is deliberately *not* accepted: a full name, a date of birth, or any free
text about the child other than the short reason for a different urgency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher.requests.problems import InvalidRequest, Problem, Refused
from matcher.requests.slots import parse_slots
from matcher.requests.terms import LANGUAGES, LEVELS, MODES, NEEDS, PRIORITIES, SUBJECTS, Lookup
from matcher.shared import postcodes, vocabulary
from matcher.shared.errors import BadInput

# Recorded with every request: the wording of the consent the school confirmed.
CONSENT_VERSION = "2025-01"

MAX_REFERENCE_LENGTH = 30
MAX_REASON_LENGTH = 200
# The last school year of a level, where the Dutch system fixes it.
LAST_YEAR = {"vmbo-b": 4, "vmbo-k": 4, "vmbo-gt": 4, "havo": 5, "vwo": 6}

_REFERENCE_CHARACTERS = re.compile(r"[\w .'/-]+")
_DATES = (
    re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}"),
    re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"),
    # ddmmyyyy or yyyymmdd written without separators
    re.compile(r"(?<!\d)(?:[0-3]\d[01]\d(?:19|20)\d\d|(?:19|20)\d\d[01]\d[0-3]\d)(?!\d)"),
)
_NAME_WORD = re.compile(r"[^\W\d_]{2,}(?:['-][^\W\d_]+)*")
# Dutch name particles: "Sara van B." is a first name with an initial, not a full name.
_PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "op", "la", "le", "el", "al"}
)
_TRUE = frozenset({"ja", "j", "yes", "y", "x", "1", "true", "waar", "on"})


@dataclass(frozen=True)
class SchoolContext:
    """What the rules need to know about the school a request is for.

    ``levels`` empty means the school has not listed its levels, so any level goes;
    ``pc4_ranges`` empty means the region has no postcode ranges to check against.
    ``mentors`` are the school's accounts that may be named a pupil's mentor (by
    e-mail address); ``default_mentor`` is the one a request without a choice gets:
    the school contact filling it in (``None``: the school's contacts act as mentor).
    """

    levels: tuple[str, ...]
    region_name: str
    pc4_ranges: tuple[tuple[int, int], ...] = ()
    mentors: Mapping[str, int] = field(default_factory=dict)
    default_mentor: int | None = None


@dataclass(frozen=True)
class RequestDraft:
    """A request that passed every rule: codes only, ready to be stored."""

    reference: str
    school_year: int
    level: str
    subjects: tuple[str, ...]
    needs: tuple[str, ...]
    priority: str
    priority_reason: str | None
    languages: tuple[str, ...]
    needs_language: str | None
    availability: list[dict[str, Any]]
    mode: str
    pc4: int
    latitude: float
    longitude: float
    mentor_id: int | None = None


def check_request(raw: Mapping[str, Any], school: SchoolContext) -> RequestDraft:
    """Check every field of ``raw`` and return the clean request.

    ``raw`` maps field names (``reference``, ``school_year``, ``level``, ``subjects``,
    ``needs``, ``priority``, ``priority_reason``, ``languages``, ``needs_language``,
    ``availability``, ``mode``, ``postcode``, ``consent``, ``mentor``) to text or, for the list
    fields, to a list of text. All problems are collected before
    :class:`InvalidRequest` is raised, so a person can fix them in one go.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def read(name: str, reader: Any, *args: Any) -> None:
        try:
            values[name] = reader(raw.get(name), *args)
        except Refused as refused:
            problems.append(Problem(name, refused.template, refused.params))

    read("reference", reference)
    read("level", level, school)
    read("school_year", school_year, values.get("level"))
    read("subjects", codes, SUBJECTS, True)
    read("needs", codes, NEEDS, True)
    read("languages", codes, LANGUAGES, False)
    read("needs_language", optional_code, LANGUAGES)
    read("availability", parse_slots)
    read("mode", one_code, MODES)
    read("postcode", postcode, school)
    read("consent", consent)
    read("mentor", mentor, school)
    if "needs" in values:
        read("priority", optional_code, PRIORITIES)
        if "priority" in values:
            read("priority_reason", priority_reason, values["priority"], values["needs"])
    if problems:
        raise InvalidRequest(problems)
    chosen = values["priority"] or vocabulary.proposed_priority(values["needs"])
    languages = values["languages"]
    if values["needs_language"] and values["needs_language"] not in languages:
        languages = (*languages, values["needs_language"])
    place = values["postcode"]
    return RequestDraft(
        reference=values["reference"],
        school_year=values["school_year"],
        level=values["level"],
        subjects=values["subjects"],
        needs=values["needs"],
        priority=chosen,
        priority_reason=values["priority_reason"],
        languages=languages,
        needs_language=values["needs_language"],
        availability=values["availability"],
        mode=values["mode"],
        pc4=int(place.pc4),
        latitude=place.lat,
        longitude=place.lon,
        mentor_id=values["mentor"],
    )


def reference(value: Any) -> str:
    """The school's pseudonymous reference: short, no date, no full name."""
    text = _text(value)
    if not text:
        raise Refused("vul een referentie in, zoals een voornaam met initiaal of een eigen code")
    if len(text) > MAX_REFERENCE_LENGTH:
        raise Refused(
            "maximaal %(limit)d tekens (nu %(length)d)",
            limit=MAX_REFERENCE_LENGTH,
            length=len(text),
        )
    if not _REFERENCE_CHARACTERS.fullmatch(text):
        raise Refused("gebruik alleen letters, cijfers, spaties en . - _ / '")
    if any(pattern.search(text) for pattern in _DATES):
        raise Refused("lijkt een datum te bevatten; een geboortedatum hoort hier niet")
    words = [w for w in _NAME_WORD.findall(text) if w.casefold() not in _PARTICLES]
    if len(words) >= 2:
        raise Refused(
            'lijkt een volledige naam; gebruik een voornaam met initiaal (zoals "Sara B.") '
            "of een eigen code"
        )
    return text


def mentor(value: Any, school: SchoolContext) -> int | None:
    """The user id of the pupil's mentor, chosen by e-mail address among the school's
    mentors and contacts; left empty, the school's default.

    >>> school = SchoolContext((), "Utrecht", mentors={"m@school.nl": 7}, default_mentor=3)
    >>> mentor(" M@school.nl", school), mentor("", school)
    (7, 3)
    """
    text = _text(value)
    if not text:
        return school.default_mentor
    found = school.mentors.get(text.casefold())
    if found is None:
        raise Refused(
            '"%(value)s" is geen mentor of contactpersoon van deze school', value=text
        )
    return found


def level(value: Any, school: SchoolContext) -> str:
    """A level code the school offers."""
    text = _text(value)
    if not text:
        raise Refused("kies een niveau")
    code = LEVELS.find(text)
    if code is None:
        raise Refused('onbekend niveau "%(value)s"', value=text)
    if school.levels and code not in school.levels:
        raise Refused('niveau "%(value)s" wordt op deze school niet gegeven', value=text)
    return code


def school_year(value: Any, level_code: str | None) -> int:
    """A school year from 1 to 6 that exists at the level."""
    text = _text(value)
    if not text:
        raise Refused("kies een leerjaar")
    if not text.isdigit() or not 1 <= int(text) <= 6:
        raise Refused('leerjaar moet 1 tot en met 6 zijn, niet "%(value)s"', value=text)
    year = int(text)
    last = LAST_YEAR.get(level_code or "")
    if last is not None and year > last:
        raise Refused(
            "%(level)s heeft geen leerjaar %(year)d", level=LEVELS.label(level_code), year=year
        )
    return year


def codes(value: Any, lookup: Lookup, required: bool) -> tuple[str, ...]:
    """Codes from a list, or from text separated by commas or ``|``."""
    items = split_items(value)
    if required and not items:
        raise Refused(lookup.missing)
    found: list[str] = []
    for item in items:
        code = lookup.find(item)
        if code is None:
            raise Refused(lookup.unknown, value=item)
        found.append(code)
    return tuple(dict.fromkeys(found))


def one_code(value: Any, lookup: Lookup) -> str:
    """Exactly one code."""
    text = _text(value)
    if not text:
        raise Refused(lookup.missing)
    code = lookup.find(text)
    if code is None:
        raise Refused(lookup.unknown, value=text)
    return code


def optional_code(value: Any, lookup: Lookup) -> str | None:
    """One code, or ``None`` when left empty."""
    return one_code(value, lookup) if _text(value) else None


def priority_reason(value: Any, chosen: str | None, needs: Iterable[str]) -> str | None:
    """The reason for an urgency other than Koppel's proposal; dropped when it agrees."""
    proposal = vocabulary.proposed_priority(list(needs))
    if chosen is None or chosen == proposal:
        return None
    text = " ".join(_text(value).split())
    if not text:
        raise Refused(
            'Koppel stelt urgentie "%(proposal)s" voor; geef een korte reden als u kiest '
            'voor "%(chosen)s"',
            proposal=PRIORITIES.label(proposal),
            chosen=PRIORITIES.label(chosen),
        )
    if len(text) > MAX_REASON_LENGTH:
        raise Refused(
            "maximaal %(limit)d tekens (nu %(length)d)", limit=MAX_REASON_LENGTH, length=len(text)
        )
    return text


def postcode(value: Any, school: SchoolContext) -> postcodes.Postcode:
    """A known 4-digit postcode in the school's region."""
    text = _text(value)
    if not text:
        raise Refused("vul de postcode in (4 cijfers)")
    try:
        place = postcodes.lookup(text)
    except BadInput:
        raise Refused('vul vier cijfers in, zoals 3511, niet "%(value)s"', value=text) from None
    if place is None:
        raise Refused("postcode %(pc4)s kennen we niet", pc4=text[:4])
    if school.pc4_ranges and not postcodes.in_ranges(place.pc4, school.pc4_ranges):
        raise Refused(
            "postcode %(pc4)s ligt niet in regio %(region)s",
            pc4=place.pc4,
            region=school.region_name,
        )
    return place


def consent(value: Any) -> bool:
    """The school's confirmation that pupil and parents agreed."""
    given = value if isinstance(value, bool) else _text(value).casefold() in _TRUE
    if not given:
        raise Refused("bevestig dat de school toestemming heeft van de leerling en de ouders")
    return True


def split_items(value: Any) -> list[str]:
    """Non-empty items of a list, or of text separated by commas or ``|``."""
    parts = re.split(r"[,|]", value) if isinstance(value, str) else list(value or ())
    return [text for text in (_text(part) for part in parts) if text]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
