"""The inventory of the work after the match: rhythm, pauses, moments, escalations,
questionnaires, requests to end, digests and the regions' thresholds."""

from __future__ import annotations

from matcher.privacy.inventory.describing import col, keys, times
from matcher.privacy.inventory.policies import FOLLOWING, SCHOOL_SIDE, STAFF, STAFF_AND_SELF

AFTER_THE_MATCH: dict[str, dict[str, tuple]] = {
    "contact_agreements": {
        **keys("match_id", "set_by_id", retention="match", roles=FOLLOWING),
        "rhythm": col(
            "operational",
            "Hoe vaak het koppel contact heeft afgesproken.",
            "match",
            FOLLOWING,
        ),
        **times("set_at", retention="match", roles=FOLLOWING),
    },
    "holiday_pauses": {
        **keys("id", "match_id", "created_by_id", retention="match", roles=FOLLOWING),
        **{
            c: col(
                "pseudonymous",
                "Weten wanneer het koppel met vakantie is en geen contact heeft.",
                "match",
                FOLLOWING,
            )
            for c in ("starts_on", "ends_on")
        },
        **times("created_at", retention="match", roles=FOLLOWING),
    },
    "contact_moments": {
        **keys("id", "match_id", "created_by_id", retention="match", roles=FOLLOWING),
        **{
            c: col(
                "pseudonymous",
                "Zien of het koppel contact heeft en de leerling in beeld blijft.",
                "match",
                FOLLOWING,
            )
            for c in ("happened_on", "minutes", "way", "topics", "mood", "reached")
        },
        "note": col(
            "special",
            "Wat het maatje de coördinator en de mentor kort wil laten weten over het contact "
            "(vrije tekst).",
            "match",
            FOLLOWING,
        ),
        **times("created_at", "corrected_at", retention="match", roles=FOLLOWING),
    },
    "contact_escalations": {
        **keys("id", "match_id", "step", retention="match"),
        "episode_start": col(
            "pseudonymous",
            "Weten sinds wanneer een leerling niet bereikt is, zodat elke stap één keer volgt.",
            "match",
            STAFF,
        ),
        **times("taken_at", retention="match"),
    },
    "region_contact_settings": {
        **keys("region_id", "set_by_id"),
        **{
            c: col("none", "Wanneer de regio een koppel uit beeld laat escaleren.", "record", STAFF)
            for c in (
                "reminder_percent",
                "attention_day",
                "school_notice_day",
                "unreached_in_a_row",
            )
        },
        **times("set_at"),
    },
    "pair_questionnaires": {
        **keys(
            "id",
            "match_id",
            "kind",
            "side",
            "respondent_id",
            retention="match",
            roles=FOLLOWING,
        ),
        "scores": col(
            "pseudonymous",
            "Zien hoe het koppel loopt, volgens het maatje en de mentor (schaal 1 tot 5).",
            "match",
            FOLLOWING,
        ),
        "comment": col(
            "special",
            "Wat het maatje of de mentor er kort bij wil zeggen (vrije tekst).",
            "match",
            FOLLOWING,
        ),
        **times("sent_at", "answered_at", retention="match", roles=FOLLOWING),
    },
    "end_requests": {
        **keys(
            "id",
            "match_id",
            "side",
            "requested_by_id",
            "settled_by_id",
            "outcome",
            retention="match",
            roles=SCHOOL_SIDE | {"self"},
        ),
        "suggested_reason": col(
            "pseudonymous",
            "Waarom iemand de koppeling wil beëindigen.",
            "match",
            SCHOOL_SIDE | {"self"},
        ),
        "explanation": col(
            "special",
            "Wat degene die wil stoppen de coördinator kort laat weten (vrije tekst).",
            "match",
            STAFF_AND_SELF,
        ),
        **times("requested_at", "settled_at", retention="match", roles=SCHOOL_SIDE | {"self"}),
    },
    "weekly_digests": {
        **keys("id", "user_id", retention="account", roles=STAFF_AND_SELF),
        "week_of": col(
            "operational", "Het weekoverzicht één keer per week sturen.", "account", STAFF_AND_SELF
        ),
        **times("sent_at", retention="account", roles=STAFF_AND_SELF),
    },
    "coordinator_absences": {
        **keys("id", "user_id", "deputy_id", retention="account", roles=STAFF_AND_SELF),
        **{
            c: col(
                "operational",
                "Weten wie een regio waarneemt als de coördinator afwezig is.",
                "account",
                STAFF_AND_SELF,
            )
            for c in ("starts_on", "ends_on")
        },
        "handover_note": col(
            "special",
            "Wat de coördinator de waarnemer meegeeft (vrije tekst, zonder namen van leerlingen).",
            "account",
            STAFF_AND_SELF,
        ),
        **times("created_at", retention="account", roles=STAFF_AND_SELF),
    },
}
