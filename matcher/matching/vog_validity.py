"""How long a certificate of conduct (VOG) counts, and the date arithmetic around it.

Pure rules, no database: the screening use cases, the matching-instance builder and
the VOG reminder job all ask the same :class:`ScreeningPolicy`. The validity is a
number of calendar years (three by default, as most Dutch buddy programmes require),
configurable with ``KOPPEL_VOG_VALIDITY_YEARS``; coordinators are warned
``KOPPEL_VOG_WARNING_DAYS`` (60) days before the end.

>>> policy = ScreeningPolicy()
>>> policy.vog_valid_until(date(2024, 2, 29))
datetime.date(2027, 3, 1)
>>> issued = date(2022, 5, 1)
>>> policy.vog_valid_on(issued, date(2025, 4, 30)), policy.vog_valid_on(issued, date(2025, 5, 1))
(True, False)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.shared.errors import BadInput


def _years_later(day: date, years: int) -> date:
    # 29 February in a year without one: forwards it becomes 1 March (a VOG of
    # 29-2-2024 counts through 28-2-2027), backwards 28 February, so the SQL filter
    # and the Python check agree on every day.
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if years > 0:
            return date(day.year + years, 3, 1)
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ScreeningPolicy:
    """VOG validity in years and how many days ahead its end is flagged."""

    vog_validity_years: int = 3
    vog_warning_days: int = 60

    def __post_init__(self) -> None:
        if not 1 <= self.vog_validity_years <= 10:
            raise BadInput("KOPPEL_VOG_VALIDITY_YEARS: must be a whole number from 1 to 10")
        if not 1 <= self.vog_warning_days <= 365:
            raise BadInput("KOPPEL_VOG_WARNING_DAYS: must be a whole number from 1 to 365")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ScreeningPolicy:
        """The policy from ``KOPPEL_VOG_VALIDITY_YEARS`` and ``KOPPEL_VOG_WARNING_DAYS``."""
        env = os.environ if environ is None else environ
        values = {}
        for name, field in (
            ("KOPPEL_VOG_VALIDITY_YEARS", "vog_validity_years"),
            ("KOPPEL_VOG_WARNING_DAYS", "vog_warning_days"),
        ):
            raw = env.get(name)
            if raw is None:
                continue
            if not raw.strip().isdigit():
                raise BadInput(f"{name}: must be a whole number, not {raw!r}")
            values[field] = int(raw)
        return cls(**values)

    def vog_valid_until(self, issued_on: date) -> date:
        """The first day on which a VOG issued on ``issued_on`` no longer counts."""
        return _years_later(issued_on, self.vog_validity_years)

    def vog_valid_on(self, issued_on: date | None, day: date) -> bool:
        """Whether a VOG issued on ``issued_on`` counts on ``day``."""
        return issued_on is not None and issued_on <= day < self.vog_valid_until(issued_on)

    def expired_if_issued_on_or_before(self, day: date) -> date:
        """The latest issue date whose VOG no longer counts on ``day`` (for SQL filters)."""
        return _years_later(day, -self.vog_validity_years)

    def last_valid_day(self, issued_on: date) -> date:
        """The last day on which a VOG issued on ``issued_on`` counts (for people to read)."""
        return self.vog_valid_until(issued_on) - timedelta(days=1)

    def warn_if_issued_before(self, day: date) -> date:
        """The latest issue date whose VOG ends within the warning period after ``day``."""
        return self.expired_if_issued_on_or_before(day + timedelta(days=self.vog_warning_days))
