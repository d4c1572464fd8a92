"""How a live pair is doing, at a glance: green, orange or red, and why.

A pure rule over plain values (no database); :mod:`matcher.contacts.live_pairs` gathers
the values for every live pair of a coordinator's regions. The rule, strongest first:

- **red** when the pupil has been out of sight for the region's attention day (14 by
  default, :class:`~matcher.contacts.thresholds.Thresholds`) or more (days of a holiday
  pause do not count, as in :mod:`matcher.contacts.silence`), when the region's number of
  attempts in a row (3 by default) or more did not reach the pupil, or when the average
  of a side's latest answered check-in is 2 or lower;
- **orange** when the silence has reached the volunteer's reminder day (by default one
  and a half times the agreed rhythm), when the latest attempt did not reach the pupil,
  or when a side's latest answered check-in has a score of 2 or lower;
- **green** otherwise.

Every condition that holds is a :class:`Reason`, so the page can say in words why a pair
is orange or red; more silence, more unreached attempts or lower scores never make the
signal better (a property the tests check).

>>> assess(silent_days=3, rhythm="weekly", unreached_in_a_row=0, checkins=()).level
'green'
>>> sick = assess(silent_days=15, rhythm="weekly", unreached_in_a_row=1, checkins=((2, 4, 4),))
>>> sick.level, [reason.code for reason in sick.reasons]
('red', ['silent_long', 'unreached', 'low_score'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from matcher.contacts.thresholds import DEFAULTS, Thresholds

LEVELS = ("green", "orange", "red")
# A score on the check-ins' scale of 1 to 5 at or under which a pair needs a look.
LOW_SCORE = 2


@dataclass(frozen=True)
class Reason:
    """One condition that holds: its code, how bad it makes the signal and its number.

    ``number`` is days for the silence codes, attempts for the unreached codes and the
    lowest score or the average for the check-in codes.
    """

    code: str
    level: str
    number: int | Fraction


@dataclass(frozen=True)
class Health:
    """The signal of one pair and the reasons for it (none for green)."""

    level: str
    reasons: tuple[Reason, ...]

    @property
    def rank(self) -> int:
        """0 for red, 1 for orange, 2 for green: a list sorted on it shows red first."""
        return len(LEVELS) - 1 - LEVELS.index(self.level)


def assess(
    *,
    silent_days: int,
    rhythm: str,
    unreached_in_a_row: int,
    checkins: Sequence[Sequence[int]],
    thresholds: Thresholds = DEFAULTS,
) -> Health:
    """The signal for a pair silent for ``silent_days`` (paused days excluded) in ``rhythm``.

    ``checkins`` holds the scores of each side's latest answered check-in (none, one or
    two lists of scores from 1 to 5); ``thresholds`` are the pair's region's.
    """
    reasons: list[Reason] = []
    if silent_days >= thresholds.attention_day:
        reasons.append(Reason("silent_long", "red", silent_days))
    elif silent_days >= _reminder_day(thresholds, rhythm):
        reasons.append(Reason("silent", "orange", silent_days))
    if unreached_in_a_row >= thresholds.unreached_in_a_row:
        reasons.append(Reason("unreached_often", "red", unreached_in_a_row))
    elif unreached_in_a_row >= 1:
        reasons.append(Reason("unreached", "orange", unreached_in_a_row))
    answered = [scores for scores in checkins if scores]
    if answered and min(min(scores) for scores in answered) <= LOW_SCORE:
        # Only a pair with a low score can have a low average; most pairs stop here.
        average = min(Fraction(sum(scores), len(scores)) for scores in answered)
        if average <= LOW_SCORE:
            reasons.append(Reason("low_average", "red", average))
        else:
            reasons.append(Reason("low_score", "orange", min(min(s) for s in answered)))
    level = max((reason.level for reason in reasons), key=LEVELS.index, default="green")
    return Health(level, tuple(reasons))


@cache
def _reminder_day(thresholds: Thresholds, rhythm: str) -> int:
    # The list asks for every pair's signal at once; the day per rhythm is worked out once.
    return thresholds.reminder_day(rhythm)
