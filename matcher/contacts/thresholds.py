"""A region's escalation thresholds: when a silent pair gets its reminder, list entry and notice.

A region without a ``region_contact_settings`` row has the defaults the programme agreed
(:data:`DEFAULTS`, from the constants in :mod:`matcher.db.models.contacts`). The job and
the lists read every region's thresholds in one query (:func:`thresholds_by_region`); a
coordinator changes their own region's with :func:`set_region_thresholds`, an admin any
region's. The limits below are the table's check constraints, so a refused value never
reaches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import (
    Actor,
    OutOfScope,
    Permission,
    Scope,
    require,
    visible_regions,
)
from matcher.db.models import Region, RegionContactSettings
from matcher.db.models.contacts import (
    DEFAULT_ATTENTION_DAY,
    DEFAULT_REMINDER_PERCENT,
    DEFAULT_SCHOOL_NOTICE_DAY,
    DEFAULT_UNREACHED_IN_A_ROW,
)
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.errors import RuleViolation

# Days between two contacts in each agreed rhythm.
RHYTHM_DAYS: dict[str, Fraction] = {
    "weekly": Fraction(7),
    "twice_weekly": Fraction(7, 2),
    "fortnightly": Fraction(14),
}
# The lowest and highest value of each threshold (the table's check constraints); the
# school notice comes no earlier than the attention step.
LIMITS: dict[str, tuple[int, int]] = {
    "reminder_percent": (100, 400),
    "attention_day": (2, 60),
    "school_notice_day": (2, 90),
    "unreached_in_a_row": (1, 10),
}


class ThresholdRefused(RuleViolation):
    """A threshold outside its limits, or a school notice before the attention step."""

    TEXTS = {
        "threshold_range": "a whole number from {low} to {high}",
        "notice_before_attention": "no earlier than the attention day ({attention_day})",
    }


@dataclass(frozen=True)
class Thresholds:
    """When each escalation step is due for a region's silent pairs.

    ``reminder_percent`` is a share of the agreed rhythm; the attention and school
    notice steps count days without a reached contact, and ``unreached_in_a_row``
    "could not reach" moments since the last reached one warn the school at once.
    """

    reminder_percent: int = DEFAULT_REMINDER_PERCENT
    attention_day: int = DEFAULT_ATTENTION_DAY
    school_notice_day: int = DEFAULT_SCHOOL_NOTICE_DAY
    unreached_in_a_row: int = DEFAULT_UNREACHED_IN_A_ROW

    def reminder_day(self, rhythm: str) -> int:
        """The day of silence on which the volunteer gets a reminder (rounded down).

        >>> [DEFAULTS.reminder_day(r) for r in ("weekly", "twice_weekly", "fortnightly")]
        [10, 5, 21]
        >>> Thresholds(reminder_percent=200).reminder_day("weekly")
        14
        """
        return int(RHYTHM_DAYS[rhythm] * Fraction(self.reminder_percent, 100))


DEFAULTS = Thresholds()


def thresholds_by_region(
    session: Session, region_ids: Iterable[int] | None = None
) -> dict[int, Thresholds]:
    """The regions (``None``: all) that set their own thresholds, in one query.

    A region missing from the answer has :data:`DEFAULTS`. Callers have decided who may
    read these: the worker or a use case that checked its actor.
    """
    query = select(RegionContactSettings)
    if region_ids is not None:
        query = query.where(RegionContactSettings.region_id.in_(list(region_ids)))
    return {row.region_id: _of(row) for row in session.scalars(query)}


@dataclass(frozen=True)
class RegionThresholds:
    """A region by name with the thresholds it has (its own or the defaults)."""

    region_id: int
    region_name: str
    thresholds: Thresholds
    own: bool


def visible_thresholds(session: Session, actor: Actor) -> list[RegionThresholds]:
    """The thresholds of the actor's regions (admins: every region), by region name."""
    require(actor, Permission.COORDINATOR_AREA)
    query = select(Region.id, Region.name).order_by(Region.name, Region.id)
    regions = visible_regions(actor)
    if regions is not None:
        query = query.where(Region.id.in_(regions))
    rows = session.execute(query).all()
    own = thresholds_by_region(session, [region_id for region_id, _name in rows])
    return [RegionThresholds(region_id, name, own.get(region_id, DEFAULTS), region_id in own)
            for region_id, name in rows]


def region_thresholds(session: Session, actor: Actor, region_id: int) -> RegionThresholds:
    """The thresholds of a region the actor coordinates (admins: any region)."""
    require(actor, Permission.SET_REGION_THRESHOLDS, Scope(region_id=region_id))
    region = session.get(Region, region_id)
    if region is None:
        raise OutOfScope("region")
    own = thresholds_by_region(session, [region_id])
    return RegionThresholds(region_id, region.name, own.get(region_id, DEFAULTS),
                            region_id in own)


def set_region_thresholds(
    session: Session, actor: Actor, region_id: int, values: Mapping[str, object]
) -> Thresholds:
    """Store ``values`` (one per field of :class:`Thresholds`) as the region's thresholds.

    Text from a form is read as whole numbers. Raises :class:`ThresholdRefused` naming
    the first wrong field before anything is written; the change is audited.
    """
    require(actor, Permission.SET_REGION_THRESHOLDS, Scope(region_id=region_id))
    if session.get(Region, region_id) is None:
        raise OutOfScope("region")
    wanted = thresholds_from(values)
    row = session.get(RegionContactSettings, region_id)
    if row is None:
        row = RegionContactSettings(region_id=region_id)
        session.add(row)
    for name, value in asdict(wanted).items():
        setattr(row, name, value)
    row.set_by_id, row.set_at = actor.user_id, clock.now()
    audit.record(session, "region.thresholds_set", "region", region_id,
                 actor_user_id=actor.user_id, **asdict(wanted))
    return wanted


def thresholds_from(values: Mapping[str, object]) -> Thresholds:
    """Thresholds from whole numbers (or their text), each within :data:`LIMITS`.

    >>> thresholds_from({"reminder_percent": "200", "attention_day": 7,
    ...                  "school_notice_day": "7", "unreached_in_a_row": 2}).attention_day
    7
    >>> try:
    ...     thresholds_from({"reminder_percent": 150, "attention_day": 20,
    ...                      "school_notice_day": 15, "unreached_in_a_row": 3})
    ... except ThresholdRefused as refused:
    ...     print(refused.field, refused.code)
    school_notice_day notice_before_attention
    """
    numbers = {}
    for name, (low, high) in LIMITS.items():
        number = _whole_number(values.get(name))
        if number is None or not low <= number <= high:
            raise ThresholdRefused(name, "threshold_range", low=low, high=high)
        numbers[name] = number
    if numbers["school_notice_day"] < numbers["attention_day"]:
        raise ThresholdRefused("school_notice_day", "notice_before_attention",
                               attention_day=numbers["attention_day"])
    return Thresholds(**numbers)


def _whole_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    # Every limit has at most three digits; a longer number is out of range, never parsed.
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= 3 else None


def _of(row: RegionContactSettings) -> Thresholds:
    return Thresholds(row.reminder_percent, row.attention_day, row.school_notice_day,
                      row.unreached_in_a_row)
