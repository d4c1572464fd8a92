"""What each column holds, in words for the privacy statement (Dutch; English in the catalogue).

Only columns with personal data need a label, because only they are listed in the
statement; a test fails when one of them has none.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "users": {
        "email": "E-mailadres",
        "display_name": "Naam",
        # Column labels below are not secrets (bandit B105 reads them as passwords).
        "password_hash": "Wachtwoord (alleen als hash)",  # nosec B105
        "totp_secret": "Geheim voor de tweede stap bij het inloggen",  # nosec B105
        "totp_last_step": "Tijdstap van de laatst gebruikte code",
        "session_version": "Sessieversie",
    },
    "recovery_codes": {
        "code_hash": "Herstelcodes (alleen als hash)",
    },
    "volunteer_profiles": {
        "subjects": "Vakken",
        "levels": "Schoolniveaus",
        "languages": "Talen",
        "availability": "Beschikbaarheid per week",
        "mode": "Online of op locatie",
        "max_distance_km": "Maximale reisafstand",
        "capacity": "Aantal leerlingen",
        "postcode": "Postcode",
        "latitude": "Breedtegraad van de postcode",
        "longitude": "Lengtegraad van de postcode",
        "phone": "Telefoonnummer",
        "motivation": "Motivatie",
        "screening_state": "Stand van de screening",
        "intake_on": "Datum van het intakegesprek",
        "intake_notes": "Aantekeningen bij de intake",
        "vog_issued_on": "Afgiftedatum van de VOG",
        "vog_requested_on": "Datum van de VOG-aanvraag",
        "vog_expiry_warned_for": "Verstuurde waarschuwing over het verlopen van de VOG",
        "screening_reason": "Reden van pauzeren of afwijzen",
        "conduct_version": "Versie van de aanvaarde gedragscode",
        "conduct_accepted_at": "Moment waarop de gedragscode is aanvaard",
        "training_completed_on": "Datum van de afgeronde training",
    },
    "pupils": {
        "reference": "Kenmerk van de school (geen naam)",
        "school_year": "Leerjaar",
        "level": "Niveau",
        "subjects": "Vakken",
        "languages": "Talen",
        "needs_language": "Taal die het maatje moet spreken",
        "availability": "Beschikbaarheid per week",
        "mode": "Online of op locatie",
        "needs": "Waar de leerling hulp bij nodig heeft",
        "priority": "Urgentie",
        "priority_reason": "Reden voor de urgentie",
        "pc4": "Vier cijfers van de postcode",
        "latitude": "Breedtegraad van het postcodegebied",
        "longitude": "Lengtegraad van het postcodegebied",
    },
    "matching_runs": {
        "instance": "Invoer van de koppelronde",
        "result": "Uitkomst van de koppelronde",
        "id_map": "Nummers van de koppelronde en de gegevens erachter",
    },
    "matches": {
        "explanation": "Uitleg bij het voorstel",
        "reason": "Toelichting bij afwijzen, weigeren of beëindigen",
    },
    "holiday_pauses": {
        "starts_on": "Begin van een vakantiepauze",
        "ends_on": "Einde van een vakantiepauze",
    },
    "contact_moments": {
        "happened_on": "Datum van een contactmoment",
        "minutes": "Duur van een contactmoment in minuten",
        "way": "Hoe er contact was",
        "topics": "Waar het contact over ging",
        "mood": "Hoe het contact ging",
        "reached": "Of de leerling bereikt is",
        "note": "Korte notitie bij een contactmoment",
    },
    "concerns": {
        "observation": "Wat het maatje zag of hoorde (een zorg over de leerling)",
        "observed_on": "Wanneer het maatje dat zag of hoorde",
        "pupil_words": "Wat de leerling zelf vertelde, in eigen woorden",
        "in_danger": "Of de leerling volgens het maatje op dat moment in gevaar was",
    },
    "contact_escalations": {
        "episode_start": "Laatste dag waarop de leerling bereikt is",
    },
    "pair_questionnaires": {
        "scores": "Antwoorden op de vragen na 4 en 12 weken en bij het afscheid",
        "comment": "Toelichting bij die antwoorden",
    },
    "coordinator_absences": {
        "handover_note": "Overdrachtsnotitie voor de waarnemer",
    },
    "end_requests": {
        "suggested_reason": "Reden om de koppeling te beëindigen",
        "explanation": "Toelichting bij het verzoek om te stoppen",
    },
    "mail_outbox": {
        "to_address": "E-mailadres van de ontvanger",
        "subject": "Onderwerp",
        "body_text": "Tekst van het bericht",
        "body_html": "Opgemaakte tekst van het bericht",
    },
    "tokens": {
        "token_hash": "Link uit een e-mail (alleen als hash)",  # nosec B105
    },
    "api_tokens": {
        "token_hash": "API-sleutels (alleen als hash)",  # nosec B105
    },
    "rate_limit_counters": {
        "bucket": "Versleutelde code van de afzender",
    },
}
