"""The vocabulary of the data inventory: categories, retention periods, audiences."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: dict[str, str] = {
    "identifier": "Identifies a person directly (name, e-mail address).",
    "contact": "Reaches or locates a person (phone, postcode, coordinates).",
    "special": "Sensitive context about a minor or a screening (needs, reasons, notes).",
    "pseudonymous": "About a person, traceable only with a key the school or Koppel holds.",
    "security": "Protects an account (password hash, second-factor secret, token hash).",
    "operational": "Keeps records working (ids, states, times, settings).",
    "none": "Not about a person (regions, schools, postcode ranges).",
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
            "Until the account is closed or unused for 2 years, then blanked.",
            730,
            "last sign-in or closure",
        ),
        Retention(
            "volunteer",
            "Until 1 year after the volunteer stops or is rejected, then blanked.",
            365,
            "end of volunteering",
        ),
        Retention(
            "pupil",
            "Until 1 year after the request ended or was withdrawn, then blanked.",
            365,
            "end of the request",
        ),
        Retention(
            "match",
            "Free-text reasons: 1 year after the match ended, then blanked.",
            365,
            "end of the match",
        ),
        Retention(
            "run",
            "Instances and results of matching runs: 2 years, for accountability.",
            730,
            "creation of the run",
        ),
        Retention(
            "mail",
            "Outgoing mail: 30 days after it was sent or given up, then deleted.",
            30,
            "sending",
        ),
        Retention(
            "token",
            "Single-use tokens: 7 days after use or expiry, then deleted.",
            7,
            "use or expiry",
        ),
        Retention(
            "rate_limit",
            "Attempt counters against abuse: deleted once their time window has passed.",
            1,
            "the end of the counting window",
        ),
        Retention(
            "audit", "Audit log: 5 years; it names records by id, never people.", 1826, "the action"
        ),
        Retention(
            "record",
            "As long as the row exists; carries no personal data itself.",
            None,
            "creation",
        ),
    )
}

ADMIN = frozenset({"admin"})
STAFF = frozenset({"admin", "coordinator"})
STAFF_AND_SELF = frozenset({"admin", "coordinator", "self"})
SCHOOL_SIDE = frozenset({"admin", "coordinator", "school"})
MATCHED = frozenset({"admin", "coordinator", "school", "volunteer"})
EVERYONE = frozenset({"admin", "coordinator", "school", "volunteer", "self"})
