"""The vocabulary of the data inventory: categories, retention periods, audiences."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: dict[str, str] = {
    "identifier": "Wijst een persoon direct aan (naam, e-mailadres).",
    "contact": "Bereikt of plaatst een persoon (telefoon, postcode, coördinaten).",
    "special": "Gevoelig: over een minderjarige of een screening (hulpvraag, redenen, notities).",
    "pseudonymous": "Over een persoon, herleidbaar alleen met een sleutel van de school of Koppel.",
    "security": "Beveiligt een account (wachtwoordhash, geheim van de tweede stap, linkhash).",
    "operational": "Houdt gegevens werkend (nummers, statussen, tijden, instellingen).",
    "none": "Gaat niet over een persoon (regio’s, scholen, postcodegebieden).",
}
PERSONAL_CATEGORIES = frozenset({"identifier", "contact", "special", "pseudonymous", "security"})


@dataclass(frozen=True)
class Retention:
    """How long a column is kept: ``days`` after ``counted_from`` (``None``: as long as the row)."""

    code: str
    description: str
    days: int | None
    counted_from: str


RETENTION: dict[str, Retention] = {
    r.code: r
    for r in (
        Retention(
            "account",
            "Tot het account wordt opgeheven of 2 jaar niet is gebruikt; daarna leeggemaakt.",
            730,
            "laatste keer inloggen of opheffen",
        ),
        Retention(
            "volunteer",
            "Tot 1 jaar nadat de vrijwilliger stopt of is afgewezen; daarna leeggemaakt.",
            365,
            "einde van het vrijwilligerswerk",
        ),
        Retention(
            "pupil",
            "Tot 1 jaar nadat de hulpvraag is afgesloten of ingetrokken; daarna leeggemaakt.",
            365,
            "einde van de hulpvraag",
        ),
        Retention(
            "match",
            "Toelichtingen: tot 1 jaar na het einde van de koppeling; daarna leeggemaakt.",
            365,
            "einde van de koppeling",
        ),
        Retention(
            "concern",
            "Inhoud van een zorg: tot 90 dagen nadat de school hem overnam of hij werd"
            " afgesloten; daarna leeggemaakt.",
            90,
            "overdracht aan de school of afsluiten",
        ),
        Retention(
            "run",
            "Invoer en uitkomst van koppelrondes: 2 jaar, om verantwoording te kunnen afleggen.",
            730,
            "aanmaken van de koppelronde",
        ),
        Retention(
            "mail",
            "Uitgaande e-mail: tot 30 dagen na verzenden of opgeven; daarna gewist.",
            30,
            "verzenden",
        ),
        Retention(
            "job",
            "Afgeronde taken van de worker: tot 30 dagen na afronden; daarna gewist.",
            30,
            "afronden",
        ),
        Retention(
            "token",
            "Eenmalige links: tot 7 dagen na gebruik of verlopen; daarna gewist.",
            7,
            "gebruik of verlopen",
        ),
        Retention(
            "api_token",
            "API-sleutels: tot 90 dagen na verlopen of intrekken; daarna gewist.",
            90,
            "verlopen of intrekken",
        ),
        Retention(
            "rate_limit",
            "Tellers tegen misbruik: gewist zodra hun tijdvak voorbij is.",
            1,
            "einde van het tijdvak",
        ),
        Retention(
            "audit",
            "Logboek: 5 jaar; het noemt gegevens bij nummer, nooit mensen bij naam.",
            1826,
            "de handeling",
        ),
        Retention(
            "record",
            "Zolang het gegeven bestaat; bevat zelf geen persoonsgegevens.",
            None,
            "aanmaken",
        ),
    )
}

ADMIN = frozenset({"admin"})
STAFF = frozenset({"admin", "coordinator"})
STAFF_AND_SELF = frozenset({"admin", "coordinator", "self"})
SCHOOL_SIDE = frozenset({"admin", "coordinator", "school"})
# The school side as the pupil's mentor sees it too (only the pupils they mentor).
MENTOR_SIDE = SCHOOL_SIDE | {"mentor"}
MATCHED = frozenset({"admin", "coordinator", "school", "mentor", "volunteer"})
EVERYONE = frozenset({"admin", "coordinator", "school", "mentor", "volunteer", "self"})
# Who follows a match's contact log and check-ins: staff, the pupil's mentor (or the
# school's contacts when it has none) and the person who wrote it.
FOLLOWING = frozenset({"admin", "coordinator", "school", "mentor", "self"})
# Concerns: the school's designated contacts, the region's coordinators and admins.
SAFEGUARDING = frozenset({"admin", "coordinator", "designated_contact"})
SAFEGUARDING_AND_SELF = SAFEGUARDING | {"self"}
