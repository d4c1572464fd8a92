"""The inventory itself: every column of every table, described.

A role set names who may see a column, each within their own scope.
"""

from __future__ import annotations

from matcher.inventory.policies import (
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
    return {c: _col("operational", "Links and orders records.", retention, roles) for c in columns}


def _times(*columns: str, retention: str = "record", roles: frozenset[str] = STAFF) -> dict:
    return {
        c: _col("operational", "Shows when the record changed.", retention, roles) for c in columns
    }


TABLES: dict[str, dict[str, tuple]] = {
    "regions": {
        **_keys("id", "slug", roles=EVERYONE),
        "name": _col("none", "Names the region in pages and mails.", "record", EVERYONE),
        **_times("created_at", roles=ADMIN),
    },
    "region_postcode_ranges": {
        **_keys("id", "region_id", roles=STAFF),
        "first": _col("none", "Places a postcode in a region.", "record", STAFF),
        "last": _col("none", "Places a postcode in a region.", "record", STAFF),
    },
    "schools": {
        **_keys("id", "region_id", roles=EVERYONE),
        "name": _col("none", "Names the school to coordinators and its buddy.", "record", MATCHED),
        "brin": _col("none", "Identifies the school (DUO BRIN code).", "record", SCHOOL_SIDE),
        "vestiging": _col("none", "Identifies the school's location.", "record", SCHOOL_SIDE),
        "levels": _col(
            "none", "Levels the school offers, to check requests.", "record", SCHOOL_SIDE
        ),
        **_times("created_at", roles=ADMIN),
    },
    "users": {
        **_keys("id", roles=STAFF_AND_SELF),
        "email": _col("identifier", "Signing in and sending mail.", "account", STAFF_AND_SELF),
        "display_name": _col("identifier", "Addressing the person.", "account", MATCHED | {"self"}),
        "password_hash": _col("security", "Checking the password.", "account", frozenset()),
        "totp_secret": _col("security", "Checking the second factor.", "account", frozenset()),
        "totp_last_step": _col(
            "security", "Refusing a second-factor code used before.", "account", frozenset()
        ),
        "role": _col("operational", "Deciding what the account may do.", "account", STAFF_AND_SELF),
        "active": _col("operational", "Blocking an account.", "account", STAFF_AND_SELF),
        "session_version": _col("security", "Signing out everywhere.", "account", frozenset()),
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
            "security", "Checking a second-factor recovery code once.", "account", frozenset()
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
                "Matching on what the volunteer offers.",
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
            "contact", "Finding pupils within travel distance.", "volunteer", STAFF_AND_SELF
        ),
        "latitude": _col("contact", "Distance to pupils (from the postcode).", "volunteer", STAFF),
        "longitude": _col("contact", "Distance to pupils (from the postcode).", "volunteer", STAFF),
        "phone": _col("contact", "Calling for the intake.", "volunteer", STAFF_AND_SELF),
        "motivation": _col(
            "special", "Screening: why the person volunteers.", "volunteer", STAFF_AND_SELF
        ),
        "screening_state": _col("special", "Screening progress.", "volunteer", STAFF_AND_SELF),
        "intake_on": _col("special", "Screening: date of the intake.", "volunteer", STAFF_AND_SELF),
        "intake_notes": _col(
            "special", "Screening: the coordinator's intake notes.", "volunteer", STAFF
        ),
        "vog_issued_on": _col(
            "special",
            "Screening: date of the certificate of conduct (VOG).",
            "volunteer",
            STAFF_AND_SELF,
        ),
        "vog_requested_on": _col(
            "special", "Screening: when the VOG was requested.", "volunteer", STAFF_AND_SELF
        ),
        "vog_expiry_warned_for": _col(
            "special", "Screening: sends the VOG expiry warning once.", "volunteer", STAFF
        ),
        "screening_reason": _col(
            "special", "Screening: why the volunteer was paused or rejected.", "volunteer", STAFF
        ),
        **_times("screening_changed_at", "created_at", "anonymised_at", retention="volunteer"),
    },
    "pupils": {
        **_keys("id", "school_id", "created_by_id", retention="pupil", roles=SCHOOL_SIDE),
        "reference": _col(
            "pseudonymous",
            "Lets the school recognise its pupil; no name is kept.",
            "pupil",
            SCHOOL_SIDE,
        ),
        **{
            c: _col("pseudonymous", "Matching on what the pupil needs.", "pupil", MATCHED)
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
            "Why the pupil needs a buddy; sets the proposed priority.",
            "pupil",
            SCHOOL_SIDE,
        ),
        "priority": _col("special", "Who is helped first.", "pupil", SCHOOL_SIDE),
        "priority_reason": _col(
            "special", "The school's reason for the priority.", "pupil", SCHOOL_SIDE
        ),
        "pc4": _col(
            "contact", "Distance to volunteers (4-digit postcode only).", "pupil", SCHOOL_SIDE
        ),
        "latitude": _col(
            "contact", "Distance to volunteers (centre of the PC4 area).", "pupil", STAFF
        ),
        "longitude": _col(
            "contact", "Distance to volunteers (centre of the PC4 area).", "pupil", STAFF
        ),
        "consent_version": _col(
            "operational", "Which consent text the parents agreed to.", "pupil", SCHOOL_SIDE
        ),
        "consent_recorded_at": _col(
            "operational", "When the school recorded consent.", "pupil", SCHOOL_SIDE
        ),
        "state": _col("operational", "Where the request stands.", "pupil", SCHOOL_SIDE),
        "days_waited_before": _col(
            "operational", "Fair order on the waiting list.", "pupil", STAFF
        ),
        **_times(
            "waiting_since", "created_at", "anonymised_at", retention="pupil", roles=SCHOOL_SIDE
        ),
    },
    "matching_runs": {
        **_keys("id", "region_id", "started_by_id", retention="run"),
        "parameters": _col("operational", "Replaying and auditing the run.", "run", STAFF),
        "statistics": _col("operational", "Reporting how the run went.", "run", STAFF),
        "instance": _col("pseudonymous", "Replaying the run (ids, no names).", "run", ADMIN),
        "result": _col("pseudonymous", "Auditing the run (ids, no names).", "run", ADMIN),
        "id_map": _col(
            "pseudonymous", "Links the run's opaque ids to its proposals.", "run", STAFF
        ),
        "state": _col("operational", "Whether proposals may still be decided.", "run", STAFF),
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
        "state": _col("operational", "Where the match stands.", "pupil", MATCHED),
        "mode": _col("operational", "How the pair meets.", "pupil", MATCHED),
        "cost": _col("operational", "Why the optimiser chose the pair.", "run", STAFF),
        "explanation": _col(
            "pseudonymous", "Explaining the proposal to the coordinator.", "run", STAFF
        ),
        "reason": _col(
            "special", "Why a match was rejected, declined or ended (free text).", "match", STAFF
        ),
        "end_reason_code": _col(
            "operational", "Whether the pupil returns to the waiting list.", "pupil", SCHOOL_SIDE
        ),
        **_times(
            "created_at", "decided_at", "started_at", "ended_at", retention="pupil", roles=MATCHED
        ),
        **_times("anonymised_at", retention="pupil"),
    },
    "mail_outbox": {
        **_keys("id", "message_id", "state", "attempts", retention="mail", roles=ADMIN),
        "to_address": _col("identifier", "Delivering the message.", "mail", ADMIN),
        "subject": _col("pseudonymous", "The message as sent.", "mail", ADMIN),
        "body_text": _col("pseudonymous", "The message as sent.", "mail", ADMIN),
        "body_html": _col("pseudonymous", "The message as sent.", "mail", ADMIN),
        "last_error": _col("operational", "Diagnosing failed delivery.", "mail", ADMIN),
        **_times("next_attempt_at", "sent_at", "created_at", retention="mail", roles=ADMIN),
    },
    "tokens": {
        **_keys("id", "purpose", "user_id", "subject_id", retention="token", roles=frozenset()),
        "token_hash": _col(
            "security", "Checking a link from an e-mail once.", "token", frozenset()
        ),
        **_times("expires_at", "used_at", "created_at", retention="token", roles=frozenset()),
    },
    "rate_limit_counters": {
        "bucket": _col(
            "security",
            "Counting attempts per sender (a keyed hash, never the e-mail or address itself).",
            "rate_limit",
            frozenset(),
        ),
        "hits": _col("operational", "Refusing too many attempts.", "rate_limit", frozenset()),
        **_times("expires_at", retention="rate_limit", roles=frozenset()),
    },
    "audit_entries": {
        **_keys("id", "actor_user_id", "entity_type", "entity_id", retention="audit", roles=ADMIN),
        "action": _col("operational", "What was done.", "audit", ADMIN),
        "details": _col(
            "operational", "Codes such as the old and new state, never names.", "audit", ADMIN
        ),
        **_times("at", retention="audit", roles=ADMIN),
    },
}
