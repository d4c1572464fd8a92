"""One clock for the whole application, settable in tests.

Everything that asks "what time is it" (token expiry, waiting days, retention,
TOTP codes) goes through :func:`now`, so a test can move time without sleeping. Dates
people type and read (a VOG's issue date, a contact moment's day) are Dutch calendar
dates: :func:`today` and :func:`local_date`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = ZoneInfo("Europe/Amsterdam")
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

_frozen: datetime | None = None


def now() -> datetime:
    """The current time as an aware UTC datetime (or the time a test has set)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The Dutch calendar date of an aware ``moment``."""
    return moment.astimezone(LOCAL_TIMEZONE).date()


def today() -> date:
    """Today's date in the Netherlands, from the settable clock."""
    return local_date(now())


def dutch_date(day: date) -> str:
    """``day`` written out the Dutch way, for mails (no locale needed).

    >>> dutch_date(date(2026, 3, 30))
    '30 maart 2026'
    """
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def set_now(moment: datetime | None) -> None:
    """Freeze the clock at ``moment`` (aware); ``None`` returns to real time."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    _frozen = moment


def advance(delta: timedelta) -> datetime:
    """Move a frozen clock forward by ``delta`` and return the new time."""
    if _frozen is None:
        raise RuntimeError("the clock is not frozen; call set_now first")
    set_now(_frozen + delta)
    return now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Freeze the clock for the duration of a ``with`` block."""
    previous = _frozen
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)
