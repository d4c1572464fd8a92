"""The privacy statement's tables, built from :mod:`matcher.privacy.inventory`.

Only columns that hold personal data appear; the names of tables, categories and
roles are translated here. What a column holds, why and for how long come from the
inventory itself (in Dutch, the house language) and are looked up in the English
catalogue at request time, so the statement cannot drift from what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from matcher.privacy import inventory

TABLE_TITLES = {
    "users": _l("Accounts van vrijwilligers, scholen en coördinatoren"),
    "recovery_codes": _l("Herstelcodes voor de tweede stap bij het inloggen"),
    "volunteer_profiles": _l("Vrijwilligers"),
    "pupils": _l("Hulpvragen voor leerlingen"),
    "matches": _l("Koppelingen"),
    "matching_runs": _l("Koppelrondes"),
    "contact_agreements": _l("Afgesproken contactritme"),
    "holiday_pauses": _l("Vakantiepauzes van koppelingen"),
    "contact_moments": _l("Contactmomenten tussen maatje en leerling"),
    "contact_escalations": _l("Herinneringen en meldingen als een leerling niet bereikt is"),
    "pair_questionnaires": _l("Vragen na 4 en 12 weken en bij het afscheid"),
    "end_requests": _l("Verzoeken om een koppeling te beëindigen"),
    "concerns": _l("Zorgen over een leerling"),
    "concern_steps": _l("Wie een zorg over een leerling oppakte, en wanneer"),
    "concern_notices": _l("Wie over een zorg is ingelicht, en wanneer"),
    "coordinator_absences": _l("Afwezigheid van coördinatoren en hun waarnemers"),
    "mail_outbox": _l("Verstuurde e-mail"),
    "tokens": _l("Bevestigingslinks"),
    "api_tokens": _l("API-sleutels van scholen en coördinatoren"),
    "audit_entries": _l("Logboek"),
    "rate_limit_counters": _l("Tellers tegen misbruik"),
}
CATEGORY_LABELS = {
    "identifier": _l("Identificerend (naam, e-mailadres)"),
    "contact": _l("Contact en locatie"),
    "special": _l("Gevoelig"),
    "pseudonymous": _l("Gepseudonimiseerd"),
    "security": _l("Beveiliging"),
}
ROLE_LABELS = {
    "admin": _l("beheerders"),
    "coordinator": _l("coördinatoren van de regio"),
    "school": _l("de school"),
    "mentor": _l("de mentor van de leerling"),
    "volunteer": _l("het gekoppelde maatje"),
    "designated_contact": _l("de aandachtsfunctionaris van de school"),
    "self": _l("uzelf"),
}


@dataclass(frozen=True)
class Row:
    column: str
    what: str
    category: str
    purpose: str
    retention: str
    audience: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


def sections() -> list[Section]:
    """One section per table that holds personal data, in the inventory's order."""
    result = []
    for table in inventory.tables():
        rows = tuple(_row(entry) for entry in inventory.for_table(table) if entry.personal)
        if rows:
            result.append(Section(str(TABLE_TITLES[table]), rows))
    return result


def _row(entry: inventory.Entry) -> Row:
    audience = ", ".join(str(ROLE_LABELS[role]) for role in sorted(entry.roles))
    return Row(
        column=entry.column,
        what=gettext(entry.label or entry.column),
        category=str(CATEGORY_LABELS[entry.category]),
        purpose=gettext(entry.purpose),
        retention=gettext(entry.retention.description),
        audience=audience or str(_l("niemand; alleen het systeem gebruikt dit")),
    )
