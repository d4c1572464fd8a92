"""The one controlled vocabulary of Koppel.

Forms, CSV import, fixtures and ``koppel.instance/1`` files all use these codes, so a
subject called ``wiskunde`` in a sign-up form is the same ``wiskunde`` the matcher sees.
Each code carries a Dutch and an English label; the web app picks one by locale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One code with its Dutch and English label."""

    code: str
    nl: str
    en: str

    def label(self, locale: str = "nl") -> str:
        """The label in ``locale`` (``nl`` or ``en``); Dutch for anything else."""
        return self.en if locale == "en" else self.nl


def _index(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.code: term for term in terms}


SUBJECTS: tuple[Term, ...] = (
    Term("wiskunde", "Wiskunde", "Mathematics"),
    Term("engels", "Engels", "English"),
    Term("nederlands", "Nederlands", "Dutch"),
    Term("plannen", "Plannen en organiseren", "Planning and organising"),
    Term("natuurkunde", "Natuurkunde", "Physics"),
    Term("scheikunde", "Scheikunde", "Chemistry"),
    Term("biologie", "Biologie", "Biology"),
    Term("economie", "Economie", "Economics"),
    Term("geschiedenis", "Geschiedenis", "History"),
    Term("aardrijkskunde", "Aardrijkskunde", "Geography"),
    Term("duits", "Duits", "German"),
    Term("frans", "Frans", "French"),
    Term("nask", "Nask (natuur- en scheikunde)", "Science (physics and chemistry)"),
    Term("maatschappijleer", "Maatschappijleer", "Social studies"),
    Term("informatica", "Informatica", "Computer science"),
    Term("huiswerkbegeleiding", "Huiswerkbegeleiding", "Homework support"),
)

# Ordered from practical to pre-university; the order feeds the cost model's
# notion of "a level close to what the volunteer usually teaches".
LEVELS: tuple[Term, ...] = (
    Term("pro", "Praktijkonderwijs", "Practical education"),
    Term("vmbo-b", "vmbo basis", "vmbo basic"),
    Term("vmbo-k", "vmbo kader", "vmbo advanced vocational"),
    Term("vmbo-gt", "vmbo gemengd/theoretisch", "vmbo mixed/theoretical"),
    Term("havo", "havo", "havo (senior general secondary)"),
    Term("vwo", "vwo", "vwo (pre-university)"),
    Term("isk", "Internationale schakelklas", "International transition class"),
)

# The situations the programmes of 2020 met (VO-raad, April 2020).
NEEDS: tuple[Term, ...] = (
    Term("geen_device", "Geen laptop of wifi", "No laptop or wifi"),
    Term("geen_werkplek", "Geen rustige werkplek", "No quiet place to work"),
    Term("weinig_steun", "Weinig steun thuis", "Little support at home"),
    Term("zorgbehoefte", "Extra zorgbehoefte", "Extra care need"),
    Term("nieuwkomer", "Nieuwkomer, leert Nederlands", "Newcomer learning Dutch"),
    Term("stress_thuis", "Stressvolle thuissituatie", "Stressful home situation"),
    Term("onveilig_thuis", "Onveilige thuissituatie", "Unsafe home situation"),
)

LANGUAGES: tuple[Term, ...] = (
    Term("nl", "Nederlands", "Dutch"),
    Term("en", "Engels", "English"),
    Term("ar", "Arabisch", "Arabic"),
    Term("tr", "Turks", "Turkish"),
    Term("pl", "Pools", "Polish"),
    Term("ti", "Tigrinya", "Tigrinya"),
    Term("uk", "Oekraïens", "Ukrainian"),
    Term("fa", "Perzisch (Farsi/Dari)", "Persian (Farsi/Dari)"),
    Term("so", "Somalisch", "Somali"),
    Term("es", "Spaans", "Spanish"),
    Term("fr", "Frans", "French"),
    Term("de", "Duits", "German"),
    Term("pt", "Portugees", "Portuguese"),
    Term("ru", "Russisch", "Russian"),
    Term("bg", "Bulgaars", "Bulgarian"),
    Term("ro", "Roemeens", "Romanian"),
    Term("zh", "Chinees", "Chinese"),
    Term("ps", "Pasjtoe", "Pashto"),
    Term("ku", "Koerdisch", "Kurdish"),
)

PRIORITIES: tuple[Term, ...] = (
    Term("urgent", "Urgent", "Urgent"),
    Term("high", "Hoog", "High"),
    Term("normal", "Normaal", "Normal"),
)

MODES: tuple[Term, ...] = (
    Term("online", "Online", "Online"),
    Term("in_person", "Op locatie", "In person"),
    Term("both", "Online of op locatie", "Online or in person"),
)

DAYS: tuple[Term, ...] = (
    Term("mon", "maandag", "Monday"),
    Term("tue", "dinsdag", "Tuesday"),
    Term("wed", "woensdag", "Wednesday"),
    Term("thu", "donderdag", "Thursday"),
    Term("fri", "vrijdag", "Friday"),
    Term("sat", "zaterdag", "Saturday"),
    Term("sun", "zondag", "Sunday"),
)

# The work after the match (matcher.contacts): how often a pair agrees to have contact,
# how a contact moment went, what it was about and how it went.
RHYTHMS: tuple[Term, ...] = (
    Term("weekly", "Elke week", "Every week"),
    Term("twice_weekly", "Twee keer per week", "Twice a week"),
    Term("fortnightly", "Elke twee weken", "Every two weeks"),
)

CONTACT_WAYS: tuple[Term, ...] = (
    Term("video", "Videobellen", "Video call"),
    Term("phone", "Telefoon", "Phone"),
    Term("chat", "Chat", "Chat"),
    Term("in_person", "Samen op locatie", "In person"),
)

# Planning and a subject come from SUBJECTS ("plannen" is planning and organising).
CONTACT_TOPICS: tuple[Term, ...] = (
    Term("welzijn", "Hoe het gaat (welzijn)", "Wellbeing"),
    *SUBJECTS,
)

CONTACT_MOODS: tuple[Term, ...] = (
    Term("good", "Goed", "Good"),
    Term("mixed", "Wisselend", "Mixed"),
    Term("worried", "Ik maak me zorgen", "I am worried"),
)

SUBJECT = _index(SUBJECTS)
LEVEL = _index(LEVELS)
NEED = _index(NEEDS)
LANGUAGE = _index(LANGUAGES)
PRIORITY = _index(PRIORITIES)
MODE = _index(MODES)
DAY = _index(DAYS)
RHYTHM = _index(RHYTHMS)
CONTACT_WAY = _index(CONTACT_WAYS)
CONTACT_TOPIC = _index(CONTACT_TOPICS)
CONTACT_MOOD = _index(CONTACT_MOODS)

LEVEL_CODES: tuple[str, ...] = tuple(term.code for term in LEVELS)
DAY_CODES: tuple[str, ...] = tuple(term.code for term in DAYS)
PRIORITY_CODES: tuple[str, ...] = tuple(term.code for term in PRIORITIES)
MODE_CODES: tuple[str, ...] = tuple(term.code for term in MODES)
RHYTHM_CODES: tuple[str, ...] = tuple(term.code for term in RHYTHMS)
CONTACT_WAY_CODES: tuple[str, ...] = tuple(term.code for term in CONTACT_WAYS)
CONTACT_TOPIC_CODES: tuple[str, ...] = tuple(term.code for term in CONTACT_TOPICS)
CONTACT_MOOD_CODES: tuple[str, ...] = tuple(term.code for term in CONTACT_MOODS)

# Needs that make a request urgent or high by default. The school may adjust the
# proposal with a short reason; see ``proposed_priority``.
URGENT_NEEDS = frozenset({"onveilig_thuis"})
HIGH_NEEDS = frozenset({"stress_thuis", "zorgbehoefte", "nieuwkomer", "geen_device"})


def proposed_priority(needs: set[str] | frozenset[str] | list[str]) -> str:
    """Koppel's proposed urgency for a request with these need categories.

    >>> proposed_priority(["geen_werkplek", "onveilig_thuis"])
    'urgent'
    >>> proposed_priority(["weinig_steun"])
    'normal'
    """
    chosen = set(needs)
    if chosen & URGENT_NEEDS:
        return "urgent"
    if chosen & HIGH_NEEDS:
        return "high"
    return "normal"
