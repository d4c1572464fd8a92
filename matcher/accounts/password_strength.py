"""When a password is good enough: one rule for every place a password is chosen.

Sign-up confirmation, accepting an invitation, a password reset, a changed password
and ``koppel create-admin`` all call :func:`require_strong` before hashing anything.
Length and a list of common passwords, as NIST SP 800-63B advises, instead of rules
about digits and symbols that push people towards ``Welkom2024!``.

>>> password_weakness("kort")
<Weakness.TOO_SHORT: 'too_short'>
>>> password_weakness("een-lange-zin-over-fietsen") is None
True
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib.resources import files

from matcher.shared.errors import RuleViolation

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


class Weakness(StrEnum):
    """Why a password is refused."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"


class WeakPassword(RuleViolation):
    """A password that :func:`password_weakness` refuses; the code is the weakness."""

    TEXTS = {
        Weakness.TOO_SHORT: "must be at least {limit} characters",
        Weakness.TOO_LONG: "must be at most {limit} characters",
        Weakness.TOO_COMMON: "is one of the most common passwords; choose another",
    }

    def __init__(self, weakness: Weakness) -> None:
        limits = {Weakness.TOO_SHORT: MIN_PASSWORD_LENGTH, Weakness.TOO_LONG: MAX_PASSWORD_LENGTH}
        params = {"limit": limits[weakness]} if weakness in limits else {}
        super().__init__("password", weakness.value, **params)
        self.weakness = weakness


def password_weakness(password: str) -> Weakness | None:
    """Why ``password`` is not good enough, or ``None`` when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Weakness.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return Weakness.TOO_LONG
    if password.strip().lower() in _common_passwords() or len(set(password)) <= 2:
        return Weakness.TOO_COMMON
    return None


@cache
def _common_passwords() -> frozenset[str]:
    text = files("matcher.accounts").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def require_strong(password: str) -> None:
    """Raise :class:`WeakPassword` unless ``password`` is good enough."""
    weakness = password_weakness(password)
    if weakness is not None:
        raise WeakPassword(weakness)
