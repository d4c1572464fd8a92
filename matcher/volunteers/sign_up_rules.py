"""What a volunteer sign-up must satisfy: pure rules, one reason code per field.

The web form shows each reason in the visitor's language; the use case refuses a
sign-up with any problem, so the rules live here once for both.

>>> problems(SignUp(name="", email="x", postcode="12"))["email"]
'not_an_email'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from matcher.shared import email_addresses, postcodes
from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import LANGUAGE, LEVEL, MODE, SUBJECT

MAX_NAME = 120
MAX_MOTIVATION = 1000
MIN_CAPACITY, MAX_CAPACITY = 1, 3
MAX_DISTANCE_KM = 100
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{7,30}")


@dataclass(frozen=True)
class SignUp:
    """Everything the sign-up form asks, as plain values.

    No password: it is chosen when the e-mail address is confirmed
    (:mod:`matcher.volunteers.sign_up_confirmation`), by whoever can read that mailbox.
    """

    name: str
    email: str
    postcode: str
    phone: str = ""
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    availability: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    mode: str = "online"
    max_distance_km: float | None = None
    capacity: int = 1
    motivation: str = ""
    adult: bool = False
    privacy_consent: bool = False


def problems(sign_up: SignUp) -> dict[str, str]:
    """Field name → reason code for every rule the sign-up breaks (empty when fine)."""
    found: dict[str, str] = {}
    checks = {
        "name": _name,
        "email": _email,
        "phone": _phone,
        "postcode": _postcode,
        "subjects": lambda s: _codes(s.subjects, SUBJECT),
        "levels": lambda s: _codes(s.levels, LEVEL),
        "languages": lambda s: _codes(s.languages, LANGUAGE),
        "availability": lambda s: None if s.availability else "required",
        "mode": lambda s: None if s.mode in MODE else "unknown_code",
        "max_distance_km": _distance,
        "capacity": _capacity,
        "motivation": _motivation,
        "adult": lambda s: None if s.adult else "must_accept",
        "privacy_consent": lambda s: None if s.privacy_consent else "must_accept",
    }
    for name, check in checks.items():
        reason = check(sign_up)
        if reason:
            found[name] = reason
    return found


def _name(s: SignUp) -> str | None:
    if not s.name.strip():
        return "required"
    return "too_long" if len(s.name) > MAX_NAME else None


def _email(s: SignUp) -> str | None:
    if not s.email.strip():
        return "required"
    if not email_addresses.is_valid(s.email):
        return "not_an_email"
    return None


def _phone(s: SignUp) -> str | None:
    return None if not s.phone.strip() or _PHONE.fullmatch(s.phone.strip()) else "not_a_phone"


def _postcode(s: SignUp) -> str | None:
    if not s.postcode.strip():
        return "required"
    try:
        postcodes.normalise_pc4(s.postcode)
    except BadInput:
        return "not_a_postcode"
    return None


def _codes(chosen: tuple[str, ...], known: dict[str, Any]) -> str | None:
    if not chosen:
        return "required"
    return None if all(code in known for code in chosen) else "unknown_code"


def _distance(s: SignUp) -> str | None:
    if s.mode == "online":
        return None
    if s.max_distance_km is None:
        return "required_in_person"
    return None if 0 < s.max_distance_km <= MAX_DISTANCE_KM else "out_of_range"


def _capacity(s: SignUp) -> str | None:
    return None if MIN_CAPACITY <= s.capacity <= MAX_CAPACITY else "out_of_range"


def _motivation(s: SignUp) -> str | None:
    if not s.motivation.strip():
        return "required"
    return "too_long" if len(s.motivation) > MAX_MOTIVATION else None
