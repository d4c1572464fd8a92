"""The inventory itself: every column of every table, described.

A role set names who may see a column, each within their own scope.

The module is longer than most on purpose: it is one table, read top to bottom by
whoever answers "what do you keep about me", and a table split over files is easier
to leave incomplete.
"""

from __future__ import annotations

from matcher.privacy.inventory.policies import (
    ADMIN,
    EVERYONE,
    MATCHED,
    RETENTION,
    SCHOOL_SIDE,
    STAFF,
    STAFF_AND_SELF,
)


def _col(category: str, purpose: str, retention: str, roles: frozenset[str]) -> tuple:
    return category, purpose, RETENTION[retention], roles


def _keys(*columns: str, retention: str = "record", roles: frozenset[str] = STAFF) -> dict:
    return {
        c: _col("operational", "Verbindt en ordent gegevens.", retention, roles) for c in columns
    }


def _times(*columns: str, retention: str = "record", roles: frozenset[str] = STAFF) -> dict:
    return {
        c: _col("operational", "Laat zien wanneer het gegeven veranderde.", retention, roles)
        for c in columns
    }


TABLES: dict[str, dict[str, tuple]] = {
    "regions": {
        **_keys("id", "slug", roles=EVERYONE),
        "name": _col("none", "Noemt de regio op pagina’s en in e-mails.", "record", EVERYONE),
        **_times("created_at", roles=ADMIN),
    },
    "region_postcode_ranges": {
        **_keys("id", "region_id", roles=STAFF),
        "first": _col("none", "Deelt een postcode in bij een regio.", "record", STAFF),
        "last": _col("none", "Deelt een postcode in bij een regio.", "record", STAFF),
    },
    "schools": {
        **_keys("id", "region_id", roles=EVERYONE),
        "name": _col(
            "none", "Noemt de school aan coördinatoren en aan het maatje.", "record", MATCHED
        ),
        "brin": _col("none", "Identificeert de school (BRIN-code van DUO).", "record", SCHOOL_SIDE),
        "vestiging": _col(
            "none", "Identificeert de vestiging van de school.", "record", SCHOOL_SIDE
        ),
        "levels": _col(
            "none", "De niveaus van de school, om hulpvragen te controleren.", "record", SCHOOL_SIDE
        ),
        **_times("created_at", roles=ADMIN),
    },
    "users": {
        **_keys("id", roles=STAFF_AND_SELF),
        "email": _col("identifier", "Inloggen en e-mail sturen.", "account", STAFF_AND_SELF),
        "display_name": _col("identifier", "De persoon aanspreken.", "account", MATCHED | {"self"}),
        "password_hash": _col("security", "Het wachtwoord controleren.", "account", frozenset()),
        "totp_secret": _col(
            "security", "De tweede stap bij het inloggen controleren.", "account", frozenset()
        ),
        "totp_last_step": _col(
            "security",
            "Een al gebruikte code voor de tweede stap weigeren.",
            "account",
            frozenset(),
        ),
        "role": _col("operational", "Bepalen wat het account mag.", "account", STAFF_AND_SELF),
        "active": _col("operational", "Een account blokkeren.", "account", STAFF_AND_SELF),
        "session_version": _col("security", "Overal tegelijk uitloggen.", "account", frozenset()),
        **_times(
            "email_confirmed_at",
            "last_login_at",
            "created_at",
            "anonymised_at",
            retention="account",
            roles=STAFF_AND_SELF,
        ),
    },
    "recovery_codes": {
        **_keys("id", "user_id", retention="account", roles=frozenset()),
        "code_hash": _col(
            "security",
            "Een herstelcode voor de tweede stap één keer controleren.",
            "account",
            frozenset(),
        ),
        **_times("used_at", "created_at", retention="account", roles=frozenset()),
    },
    "user_regions": _keys("user_id", "region_id", retention="account", roles=STAFF_AND_SELF),
    "user_schools": _keys("user_id", "school_id", retention="account", roles=STAFF_AND_SELF),
    "volunteer_profiles": {
        **_keys("id", "user_id", "region_id", retention="volunteer", roles=STAFF_AND_SELF),
        **{
            c: _col(
                "pseudonymous",
                "Koppelen op wat de vrijwilliger aanbiedt.",
                "volunteer",
                STAFF_AND_SELF,
            )
            for c in (
                "subjects",
                "levels",
                "languages",
                "availability",
                "mode",
                "max_distance_km",
                "capacity",
            )
        },
        "postcode": _col(
            "contact", "Leerlingen vinden binnen de reisafstand.", "volunteer", STAFF_AND_SELF
        ),
        "latitude": _col(
            "contact", "Afstand tot leerlingen (berekend uit de postcode).", "volunteer", STAFF
        ),
        "longitude": _col(
            "contact", "Afstand tot leerlingen (berekend uit de postcode).", "volunteer", STAFF
        ),
        "phone": _col("contact", "Bellen voor het intakegesprek.", "volunteer", STAFF_AND_SELF),
        "motivation": _col(
            "special",
            "Screening: waarom iemand vrijwilliger wil worden.",
            "volunteer",
            STAFF_AND_SELF,
        ),
        "screening_state": _col("special", "Hoe ver de screening is.", "volunteer", STAFF_AND_SELF),
        "intake_on": _col(
            "special", "Screening: datum van het intakegesprek.", "volunteer", STAFF_AND_SELF
        ),
        "intake_notes": _col(
            "special",
            "Screening: aantekeningen van de coördinator bij de intake.",
            "volunteer",
            STAFF,
        ),
        "vog_issued_on": _col(
            "special",
            "Screening: datum van de Verklaring Omtrent het Gedrag (VOG).",
            "volunteer",
            STAFF_AND_SELF,
        ),
        "vog_requested_on": _col(
            "special", "Screening: wanneer de VOG is aangevraagd.", "volunteer", STAFF_AND_SELF
        ),
        "vog_expiry_warned_for": _col(
            "special",
            "Screening: de waarschuwing dat de VOG verloopt gaat maar één keer uit.",
            "volunteer",
            STAFF,
        ),
        "screening_reason": _col(
            "special",
            "Screening: waarom de vrijwilliger is gepauzeerd of afgewezen.",
            "volunteer",
            STAFF,
        ),
        **_times("screening_changed_at", "created_at", "anonymised_at", retention="volunteer"),
    },
    "pupils": {
        **_keys("id", "school_id", "created_by_id", retention="pupil", roles=SCHOOL_SIDE),
        "reference": _col(
            "pseudonymous",
            "De school herkent er haar leerling aan; er wordt geen naam bewaard.",
            "pupil",
            SCHOOL_SIDE,
        ),
        **{
            c: _col("pseudonymous", "Koppelen op wat de leerling nodig heeft.", "pupil", MATCHED)
            for c in (
                "school_year",
                "level",
                "subjects",
                "languages",
                "needs_language",
                "availability",
                "mode",
            )
        },
        "needs": _col(
            "special",
            "Waarom de leerling een maatje nodig heeft; bepaalt de voorgestelde urgentie.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "priority": _col("special", "Wie het eerst geholpen wordt.", "pupil", SCHOOL_SIDE),
        "priority_reason": _col(
            "special", "De reden van de school voor de urgentie.", "pupil", SCHOOL_SIDE
        ),
        "pc4": _col(
            "contact",
            "Afstand tot vrijwilligers (alleen de vier cijfers van de postcode).",
            "pupil",
            SCHOOL_SIDE,
        ),
        "latitude": _col(
            "contact", "Afstand tot vrijwilligers (midden van het postcodegebied).", "pupil", STAFF
        ),
        "longitude": _col(
            "contact", "Afstand tot vrijwilligers (midden van het postcodegebied).", "pupil", STAFF
        ),
        "consent_version": _col(
            "operational",
            "Met welke toestemmingstekst de ouders hebben ingestemd.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "consent_recorded_at": _col(
            "operational",
            "Wanneer de school de toestemming heeft vastgelegd.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "state": _col("operational", "Hoe het met de hulpvraag staat.", "pupil", SCHOOL_SIDE),
        "days_waited_before": _col(
            "operational", "Een eerlijke volgorde op de wachtlijst.", "pupil", STAFF
        ),
        **_times(
            "waiting_since", "created_at", "anonymised_at", retention="pupil", roles=SCHOOL_SIDE
        ),
    },
    "matching_runs": {
        **_keys("id", "region_id", "started_by_id", retention="run"),
        "parameters": _col(
            "operational", "De koppelronde opnieuw uitvoeren en controleren.", "run", STAFF
        ),
        "statistics": _col("operational", "Laten zien hoe de koppelronde verliep.", "run", STAFF),
        "instance": _col(
            "pseudonymous", "De koppelronde opnieuw uitvoeren (nummers, geen namen).", "run", ADMIN
        ),
        "result": _col(
            "pseudonymous", "De koppelronde controleren (nummers, geen namen).", "run", ADMIN
        ),
        "id_map": _col(
            "pseudonymous",
            "Verbindt de nummers in de koppelronde met de voorstellen.",
            "run",
            STAFF,
        ),
        "state": _col(
            "operational", "Of er nog over voorstellen beslist kan worden.", "run", STAFF
        ),
        **_times("created_at", "closed_at", retention="run"),
    },
    "matches": {
        **_keys(
            "id",
            "volunteer_id",
            "pupil_id",
            "run_id",
            "decided_by_id",
            retention="pupil",
            roles=MATCHED,
        ),
        "state": _col("operational", "Hoe het met de koppeling staat.", "pupil", MATCHED),
        "mode": _col("operational", "Hoe het koppel elkaar ontmoet.", "pupil", MATCHED),
        "cost": _col("operational", "Waarom de rekenmethode dit koppel koos.", "run", STAFF),
        "explanation": _col(
            "pseudonymous", "Het voorstel uitleggen aan de coördinator.", "run", STAFF
        ),
        "reason": _col(
            "special",
            "Waarom een koppeling is afgewezen, geweigerd of beëindigd (vrije tekst).",
            "match",
            STAFF,
        ),
        "end_reason_code": _col(
            "operational", "Of de leerling terug op de wachtlijst komt.", "pupil", SCHOOL_SIDE
        ),
        **_times(
            "created_at", "decided_at", "started_at", "ended_at", retention="pupil", roles=MATCHED
        ),
        **_times("anonymised_at", retention="pupil"),
    },
    "contact_agreements": {
        **_keys("match_id", "set_by_id", retention="match", roles=STAFF_AND_SELF),
        "rhythm": _col(
            "operational", "Hoe vaak het koppel contact heeft afgesproken.", "match",
            STAFF_AND_SELF,
        ),
        **_times("set_at", retention="match", roles=STAFF_AND_SELF),
    },
    "holiday_pauses": {
        **_keys("id", "match_id", "created_by_id", retention="match", roles=STAFF_AND_SELF),
        **{
            c: _col(
                "pseudonymous",
                "Weten wanneer het koppel met vakantie is en geen contact heeft.",
                "match",
                STAFF_AND_SELF,
            )
            for c in ("starts_on", "ends_on")
        },
        **_times("created_at", retention="match", roles=STAFF_AND_SELF),
    },
    "contact_moments": {
        **_keys("id", "match_id", "created_by_id", retention="match", roles=STAFF_AND_SELF),
        **{
            c: _col(
                "pseudonymous",
                "Zien of het koppel contact heeft en de leerling in beeld blijft.",
                "match",
                STAFF_AND_SELF,
            )
            for c in ("happened_on", "minutes", "way", "topics", "mood", "reached")
        },
        "note": _col(
            "special",
            "Wat het maatje de coördinator kort wil laten weten over het contact (vrije tekst).",
            "match",
            STAFF_AND_SELF,
        ),
        **_times("created_at", "corrected_at", retention="match", roles=STAFF_AND_SELF),
    },
    "contact_escalations": {
        **_keys("id", "match_id", "step", retention="match"),
        "episode_start": _col(
            "pseudonymous",
            "Weten sinds wanneer een leerling niet bereikt is, zodat elke stap één keer volgt.",
            "match",
            STAFF,
        ),
        **_times("taken_at", retention="match"),
    },
    "mail_outbox": {
        **_keys("id", "message_id", "state", "attempts", retention="mail", roles=ADMIN),
        "to_address": _col("identifier", "Het bericht bezorgen.", "mail", ADMIN),
        "subject": _col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "body_text": _col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "body_html": _col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "last_error": _col("operational", "Uitzoeken waarom bezorgen mislukte.", "mail", ADMIN),
        **_times("next_attempt_at", "sent_at", "created_at", retention="mail", roles=ADMIN),
    },
    "tokens": {
        **_keys("id", "purpose", "user_id", "subject_id", retention="token", roles=frozenset()),
        "token_hash": _col(
            "security", "Een link uit een e-mail één keer controleren.", "token", frozenset()
        ),
        **_times("expires_at", "used_at", "created_at", retention="token", roles=frozenset()),
    },
    "rate_limit_counters": {
        "bucket": _col(
            "security",
            "Pogingen per afzender tellen (versleuteld, nooit het e-mailadres of IP-adres zelf).",
            "rate_limit",
            frozenset(),
        ),
        "hits": _col("operational", "Te veel pogingen weigeren.", "rate_limit", frozenset()),
        **_times("expires_at", retention="rate_limit", roles=frozenset()),
    },
    "audit_entries": {
        **_keys("id", "actor_user_id", "entity_type", "entity_id", retention="audit", roles=ADMIN),
        "action": _col("operational", "Wat er gedaan is.", "audit", ADMIN),
        "details": _col(
            "operational", "Codes zoals de oude en nieuwe status, nooit namen.", "audit", ADMIN
        ),
        **_times("at", retention="audit", roles=ADMIN),
    },
}
