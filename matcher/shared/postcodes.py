"""Dutch four-digit postcodes (PC4): validation, offline location, default regions.

Pupils and volunteers give only a PC4 code, never an address. Koppel places the code
with a table shipped in the package (``matcher/shared/data/postcodes_nl.csv``, derived by
``fixtures/build_postcodes.py`` from GeoNames postal data, CC BY 4.0; see
``docs/postcodes.md``), so no look-up leaves the machine. Most codes sit on the
centroid of their PC4 area; a few sit on a village point or between neighbouring
codes, and those are flagged ``approximate`` so explanations can say so.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from matcher.shared.errors import BadInput

# The only placement that stands for the PC4 area itself; every other is approximate.
EXACT_PLACEMENT = "centroid"

PROVINCES: tuple[str, ...] = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

_PC4 = re.compile(r"([1-9][0-9]{3})(?:\s*[A-Za-z]{2})?")


@dataclass(frozen=True)
class Postcode:
    """A PC4 area as Koppel knows it: where it is and how sure that is.

    ``placement`` says how the point was found: ``centroid`` (centre of the PC4
    area), ``place`` (a village or town point inside it) or ``nearest_code``
    (between the numerically neighbouring codes). ``approximate`` is true for all
    but centroids, and also when other codes share the very same point.
    """

    pc4: str
    locality: str
    province: str
    lat: float
    lon: float
    placement: str
    approximate: bool


@dataclass(frozen=True)
class RegionDefinition:
    """A Koppel region: a slug, a Dutch name and the PC4 number ranges it covers.

    ``ranges`` are inclusive ``(first, last)`` pairs of PC4 numbers.
    """

    slug: str
    name: str
    ranges: tuple[tuple[int, int], ...]

    def covers(self, pc4: str) -> bool:
        """Whether the (normalised) code ``pc4`` falls in one of the ranges."""
        return in_ranges(pc4, self.ranges)


def in_ranges(pc4: str | int, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether ``pc4`` lies in one of the inclusive ``(first, last)`` ranges.

    The one answer to "does this region cover this postcode", for the region table
    here, the regions in the database and a school's request rules.

    >>> in_ranges("3511", [(3500, 3585)]), in_ranges(3600, [(3500, 3585)])
    (True, False)
    """
    number = int(pc4)
    return any(first <= number <= last for first, last in ranges)


def normalise_pc4(text: object) -> str:
    """The four digits of a Dutch postcode; letters after them are dropped.

    Koppel keeps only PC4 so that no stored postcode points at a single street.

    >>> normalise_pc4(" 3511 ab ")
    '3511'
    >>> normalise_pc4("12a4")
    Traceback (most recent call last):
    ...
    matcher.shared.errors.BadInput: postcode: must be four digits, like 3511 or 3511 AB
    """
    match = _PC4.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise BadInput("postcode: must be four digits, like 3511 or 3511 AB")
    return match.group(1)


def lookup(pc4: str) -> Postcode | None:
    """The known PC4 area for ``pc4``, or ``None`` for a well-formed unknown code.

    Malformed text raises :class:`BadInput` (see :func:`normalise_pc4`).

    >>> lookup("3511").locality
    'Utrecht'
    """
    return _table().get(normalise_pc4(pc4))


def all_postcodes() -> tuple[Postcode, ...]:
    """Every PC4 area in the table, in numeric order."""
    return tuple(_table().values())


def region_for(
    pc4: str, regions: tuple[RegionDefinition, ...] | list[RegionDefinition]
) -> RegionDefinition | None:
    """The first region covering ``pc4``, or ``None`` so the caller can report it."""
    code = normalise_pc4(pc4)
    return next((region for region in regions if region.covers(code)), None)


def postcodes_in(region: RegionDefinition) -> tuple[Postcode, ...]:
    """The known PC4 areas that ``region`` covers, in numeric order."""
    return tuple(postcode for postcode in _table().values() if region.covers(postcode.pc4))


def province_ranges(province: str) -> tuple[tuple[int, int], ...]:
    """PC4 number ranges that together hold exactly the table's codes of ``province``.

    Each range runs from the first to the last code of a run of consecutive table
    codes of that province, so unused numbers inside a run belong to it while
    numbers between two provinces' runs belong to none.
    """
    if province not in PROVINCES:
        raise ValueError(f"unknown province {province!r}")
    ranges: list[tuple[int, int]] = []
    run_start: int | None = None
    previous = 0
    for postcode in _table().values():
        number = int(postcode.pc4)
        if postcode.province == province:
            run_start = number if run_start is None else run_start
        elif run_start is not None:
            ranges.append((run_start, previous))
            run_start = None
        previous = number
    if run_start is not None:
        ranges.append((run_start, previous))
    return tuple(ranges)


@cache
def _table() -> dict[str, Postcode]:
    source = resources.files("matcher.shared") / "data" / "postcodes_nl.csv"
    with source.open(encoding="utf-8", newline="") as rows:
        raw = list(csv.DictReader(rows))
    shared = Counter((row["lat"], row["lon"]) for row in raw)
    return {
        row["pc4"]: Postcode(
            pc4=row["pc4"],
            locality=row["locality"],
            province=row["province"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            placement=row["placement"],
            approximate=row["placement"] != EXACT_PLACEMENT or shared[(row["lat"], row["lon"])] > 1,
        )
        for row in raw
    }


_REGION_NAMES: tuple[tuple[str, str], ...] = (
    ("groningen", "Groningen"),
    ("friesland", "Fryslân"),
    ("drenthe", "Drenthe"),
    ("overijssel", "Overijssel"),
    ("flevoland", "Flevoland"),
    ("gelderland", "Gelderland"),
    ("utrecht", "Utrecht"),
    ("noord-holland", "Noord-Holland"),
    ("zuid-holland", "Zuid-Holland"),
    ("zeeland", "Zeeland"),
    ("noord-brabant", "Noord-Brabant"),
    ("limburg", "Limburg"),
)


@cache
def default_regions() -> tuple[RegionDefinition, ...]:
    """One region per province: the seed data and the regions of the synthetic fixtures."""
    return tuple(
        RegionDefinition(slug=slug, name=name, ranges=province_ranges(name))
        for slug, name in _REGION_NAMES
    )


def __getattr__(name: str) -> tuple[RegionDefinition, ...]:
    # DEFAULT_REGIONS is derived from the table on first use, so that importing this
    # module (as the build script does before the table exists) reads no data.
    if name == "DEFAULT_REGIONS":
        return default_regions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
