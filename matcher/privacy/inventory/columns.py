"""The inventory itself: every column of every table, described.

A role set names who may see a column, each within their own scope.

The module is longer than most on purpose: it is one table, read top to bottom by
whoever answers "what do you keep about me", and a table split over files is easier
to leave incomplete.
"""

from __future__ import annotations

from matcher.privacy.inventory.after_match import AFTER_THE_MATCH
from matcher.privacy.inventory.describing import col, keys, times
from matcher.privacy.inventory.policies import (
    ADMIN,
    EVERYONE,
    MATCHED,
    MENTOR_SIDE,
    SCHOOL_SIDE,
    STAFF,
    STAFF_AND_SELF,
)
from matcher.privacy.inventory.safeguarding import SAFEGUARDING_TABLES

TABLES: dict[str, dict[str, tuple]] = {
    **AFTER_THE_MATCH,
    **SAFEGUARDING_TABLES,
    "regions": {
        **keys("id", "slug", roles=EVERYONE),
        "name": col("none", "Noemt de regio op pagina’s en in e-mails.", "record", EVERYONE),
        **times("created_at", roles=ADMIN),
    },
    "region_postcode_ranges": {
        **keys("id", "region_id", roles=STAFF),
        "first": col("none", "Deelt een postcode in bij een regio.", "record", STAFF),
        "last": col("none", "Deelt een postcode in bij een regio.", "record", STAFF),
    },
    "schools": {
        **keys("id", "region_id", roles=EVERYONE),
        "name": col(
            "none", "Noemt de school aan coördinatoren en aan het maatje.", "record", MATCHED
        ),
        "brin": col("none", "Identificeert de school (BRIN-code van DUO).", "record", SCHOOL_SIDE),
        "vestiging": col(
            "none", "Identificeert de vestiging van de school.", "record", SCHOOL_SIDE
        ),
        "levels": col(
            "none", "De niveaus van de school, om hulpvragen te controleren.", "record", SCHOOL_SIDE
        ),
        **times("created_at", roles=ADMIN),
    },
    "users": {
        **keys("id", roles=STAFF_AND_SELF),
        "email": col("identifier", "Inloggen en e-mail sturen.", "account", STAFF_AND_SELF),
        "display_name": col("identifier", "De persoon aanspreken.", "account", MATCHED | {"self"}),
        "password_hash": col("security", "Het wachtwoord controleren.", "account", frozenset()),
        "totp_secret": col(
            "security", "De tweede stap bij het inloggen controleren.", "account", frozenset()
        ),
        "totp_last_step": col(
            "security",
            "Een al gebruikte code voor de tweede stap weigeren.",
            "account",
            frozenset(),
        ),
        "role": col("operational", "Bepalen wat het account mag.", "account", STAFF_AND_SELF),
        "active": col("operational", "Een account blokkeren.", "account", STAFF_AND_SELF),
        "session_version": col("security", "Overal tegelijk uitloggen.", "account", frozenset()),
        "weekly_digest": col(
            "operational", "Of de coördinator het weekoverzicht wil krijgen.", "account",
            STAFF_AND_SELF,
        ),
        **times(
            "email_confirmed_at",
            "last_login_at",
            "created_at",
            "anonymised_at",
            retention="account",
            roles=STAFF_AND_SELF,
        ),
    },
    "recovery_codes": {
        **keys("id", "user_id", retention="account", roles=frozenset()),
        "code_hash": col(
            "security",
            "Een herstelcode voor de tweede stap één keer controleren.",
            "account",
            frozenset(),
        ),
        **times("used_at", "created_at", retention="account", roles=frozenset()),
    },
    "user_regions": keys("user_id", "region_id", retention="account", roles=STAFF_AND_SELF),
    "user_schools": keys("user_id", "school_id", retention="account", roles=STAFF_AND_SELF),
    "volunteer_profiles": {
        **keys("id", "user_id", "region_id", retention="volunteer", roles=STAFF_AND_SELF),
        **{
            c: col(
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
        "postcode": col(
            "contact", "Leerlingen vinden binnen de reisafstand.", "volunteer", STAFF_AND_SELF
        ),
        "latitude": col(
            "contact", "Afstand tot leerlingen (berekend uit de postcode).", "volunteer", STAFF
        ),
        "longitude": col(
            "contact", "Afstand tot leerlingen (berekend uit de postcode).", "volunteer", STAFF
        ),
        "phone": col("contact", "Bellen voor het intakegesprek.", "volunteer", STAFF_AND_SELF),
        "motivation": col(
            "special",
            "Screening: waarom iemand vrijwilliger wil worden.",
            "volunteer",
            STAFF_AND_SELF,
        ),
        "screening_state": col("special", "Hoe ver de screening is.", "volunteer", STAFF_AND_SELF),
        "intake_on": col(
            "special", "Screening: datum van het intakegesprek.", "volunteer", STAFF_AND_SELF
        ),
        "intake_notes": col(
            "special",
            "Screening: aantekeningen van de coördinator bij de intake.",
            "volunteer",
            STAFF,
        ),
        "vog_issued_on": col(
            "special",
            "Screening: datum van de Verklaring Omtrent het Gedrag (VOG).",
            "volunteer",
            STAFF_AND_SELF,
        ),
        "vog_requested_on": col(
            "special", "Screening: wanneer de VOG is aangevraagd.", "volunteer", STAFF_AND_SELF
        ),
        "vog_expiry_warned_for": col(
            "special",
            "Screening: de waarschuwing dat de VOG verloopt gaat maar één keer uit.",
            "volunteer",
            STAFF,
        ),
        "screening_reason": col(
            "special",
            "Screening: waarom de vrijwilliger is gepauzeerd of afgewezen.",
            "volunteer",
            STAFF,
        ),
        **{
            c: col(
                "special",
                "Voorbereiding: de gedragscode gelezen en aanvaard (versie en moment).",
                "volunteer",
                STAFF_AND_SELF,
            )
            for c in ("conduct_version", "conduct_accepted_at")
        },
        "training_completed_on": col(
            "special",
            "Voorbereiding: wanneer de vrijwilliger de korte training afrondde.",
            "volunteer",
            STAFF_AND_SELF,
        ),
        **times("screening_changed_at", "created_at", "anonymised_at", retention="volunteer"),
    },
    "pupils": {
        **keys(
            "id", "school_id", "created_by_id", "mentor_id", retention="pupil", roles=MENTOR_SIDE
        ),
        "reference": col(
            "pseudonymous",
            "De school herkent er haar leerling aan; er wordt geen naam bewaard.",
            "pupil",
            MENTOR_SIDE,
        ),
        **{
            c: col("pseudonymous", "Koppelen op wat de leerling nodig heeft.", "pupil", MATCHED)
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
        "needs": col(
            "special",
            "Waarom de leerling een maatje nodig heeft; bepaalt de voorgestelde urgentie.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "priority": col("special", "Wie het eerst geholpen wordt.", "pupil", SCHOOL_SIDE),
        "priority_reason": col(
            "special", "De reden van de school voor de urgentie.", "pupil", SCHOOL_SIDE
        ),
        "pc4": col(
            "contact",
            "Afstand tot vrijwilligers (alleen de vier cijfers van de postcode).",
            "pupil",
            SCHOOL_SIDE,
        ),
        "latitude": col(
            "contact", "Afstand tot vrijwilligers (midden van het postcodegebied).", "pupil", STAFF
        ),
        "longitude": col(
            "contact", "Afstand tot vrijwilligers (midden van het postcodegebied).", "pupil", STAFF
        ),
        "consent_version": col(
            "operational",
            "Met welke toestemmingstekst de ouders hebben ingestemd.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "consent_recorded_at": col(
            "operational",
            "Wanneer de school de toestemming heeft vastgelegd.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "state": col("operational", "Hoe het met de hulpvraag staat.", "pupil", MENTOR_SIDE),
        "days_waited_before": col(
            "operational", "Een eerlijke volgorde op de wachtlijst.", "pupil", STAFF
        ),
        **times(
            "waiting_since", "created_at", "anonymised_at", retention="pupil", roles=SCHOOL_SIDE
        ),
    },
    "matching_runs": {
        **keys("id", "region_id", "started_by_id", retention="run"),
        "parameters": col(
            "operational", "De koppelronde opnieuw uitvoeren en controleren.", "run", STAFF
        ),
        "statistics": col("operational", "Laten zien hoe de koppelronde verliep.", "run", STAFF),
        "instance": col(
            "pseudonymous", "De koppelronde opnieuw uitvoeren (nummers, geen namen).", "run", ADMIN
        ),
        "result": col(
            "pseudonymous", "De koppelronde controleren (nummers, geen namen).", "run", ADMIN
        ),
        "id_map": col(
            "pseudonymous",
            "Verbindt de nummers in de koppelronde met de voorstellen.",
            "run",
            STAFF,
        ),
        "state": col(
            "operational", "Hoe ver de koppelronde is en of er nog over voorstellen beslist"
            " kan worden.", "run", STAFF
        ),
        "progress": col("operational", "Laten zien hoe ver de koppelronde is.", "run", STAFF),
        "failure": col("operational", "Uitleggen waarom een koppelronde mislukte.", "run", STAFF),
        "job_id": col("operational", "De taak die de koppelronde uitvoert.", "run", STAFF),
        **times("created_at", "finished_at", "closed_at", retention="run"),
    },
    "matches": {
        **keys(
            "id",
            "volunteer_id",
            "pupil_id",
            "run_id",
            "decided_by_id",
            retention="pupil",
            roles=MATCHED,
        ),
        "state": col("operational", "Hoe het met de koppeling staat.", "pupil", MATCHED),
        "mode": col("operational", "Hoe het koppel elkaar ontmoet.", "pupil", MATCHED),
        "cost": col("operational", "Waarom de rekenmethode dit koppel koos.", "run", STAFF),
        "explanation": col(
            "pseudonymous", "Het voorstel uitleggen aan de coördinator.", "run", STAFF
        ),
        "reason": col(
            "special",
            "Waarom een koppeling is afgewezen, geweigerd of beëindigd (vrije tekst).",
            "match",
            STAFF,
        ),
        "end_reason_code": col(
            "operational", "Of de leerling terug op de wachtlijst komt.", "pupil", SCHOOL_SIDE
        ),
        **times(
            "created_at", "decided_at", "started_at", "ended_at", retention="pupil", roles=MATCHED
        ),
        **times("anonymised_at", retention="pupil"),
    },
    "mail_outbox": {
        **keys("id", "message_id", "state", "attempts", retention="mail", roles=ADMIN),
        "to_address": col("identifier", "Het bericht bezorgen.", "mail", ADMIN),
        "subject": col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "body_text": col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "body_html": col("pseudonymous", "Het bericht zoals het verstuurd is.", "mail", ADMIN),
        "last_error": col("operational", "Uitzoeken waarom bezorgen mislukte.", "mail", ADMIN),
        **times("next_attempt_at", "sent_at", "created_at", retention="mail", roles=ADMIN),
    },
    "jobs": {
        **keys("id", "kind", "idempotency_key", "state", "attempts", "max_attempts",
               retention="job", roles=ADMIN),
        "payload": col(
            "operational", "Wat de taak moet doen (nummers, geen namen).", "job", ADMIN
        ),
        "progress": col("operational", "Laten zien hoe ver de taak is.", "job", ADMIN),
        "leased_by": col("operational", "Welke worker de taak nu uitvoert.", "job", ADMIN),
        "last_error": col("operational", "Uitzoeken waarom de taak mislukte.", "job", ADMIN),
        **times("run_after", "lease_until", "created_at", "finished_at", retention="job",
                roles=ADMIN),
    },
    "worker_heartbeats": {
        **keys("worker_id", "hostname", "pid", retention="record", roles=ADMIN),
        **times("started_at", "seen_at", retention="record", roles=ADMIN),
    },
    "tokens": {
        **keys("id", "purpose", "user_id", "subject_id", retention="token", roles=frozenset()),
        "token_hash": col(
            "security", "Een link uit een e-mail één keer controleren.", "token", frozenset()
        ),
        **times("expires_at", "used_at", "created_at", retention="token", roles=frozenset()),
    },
    "api_tokens": {
        **keys("id", "user_id", retention="api_token", roles=frozenset({"self"})),
        "name": col(
            "operational", "De eigenaar herkent er de sleutel aan.", "api_token",
            frozenset({"self"}),
        ),
        "token_hash": col(
            "security", "Een API-sleutel controleren (alleen de hash).", "api_token", frozenset()
        ),
        "scope": col(
            "operational", "Of de sleutel alleen mag lezen of ook schrijven.", "api_token",
            frozenset({"self"}),
        ),
        **times("expires_at", "last_used_at", "revoked_at", "created_at", retention="api_token",
                roles=frozenset({"self"})),
    },
    "rate_limit_counters": {
        "bucket": col(
            "security",
            "Pogingen per afzender tellen (versleuteld, nooit het e-mailadres of IP-adres zelf).",
            "rate_limit",
            frozenset(),
        ),
        "hits": col("operational", "Te veel pogingen weigeren.", "rate_limit", frozenset()),
        **times("expires_at", retention="rate_limit", roles=frozenset()),
    },
    "audit_entries": {
        **keys("id", "actor_user_id", "entity_type", "entity_id", retention="audit", roles=ADMIN),
        "action": col("operational", "Wat er gedaan is.", "audit", ADMIN),
        "details": col(
            "operational", "Codes zoals de oude en nieuwe status, nooit namen.", "audit", ADMIN
        ),
        **times("at", retention="audit", roles=ADMIN),
    },
}
