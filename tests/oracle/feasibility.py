"""Rules 1–7 of the matching contract, as a plain loop over every pair.

Written from the spec alone, and as literally as possible so that it is easy to
believe: a person's week is the *set* of minutes their intervals cover (half-open,
so touching intervals share no minute), and the weekly overlap of two people is the
size of the intersection of those sets.
"""

from __future__ import annotations

import math
from collections import Counter

EARTH_RADIUS_KM = 6371.0088
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_MIN_OVERLAP = 60
DEFAULT_CROSS_REGION_ONLINE = False
ONLINE_MODES = {"online", "both"}
IN_PERSON_MODES = {"in_person", "both"}

Pair = tuple[str, str]


def minute_of_day(clock: str) -> int:
    """``"HH:MM"`` as minutes after midnight; ``"24:00"`` is 1440."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def week_minutes(availability: list[dict]) -> frozenset[int]:
    """Every minute of the week (Monday 00:00 = 0) that one of the intervals covers."""
    covered: set[int] = set()
    for interval in availability:
        offset = DAYS.index(interval["day"]) * 24 * 60
        start, end = minute_of_day(interval["start"]), minute_of_day(interval["end"])
        covered.update(range(offset + start, offset + end))
    return frozenset(covered)


def haversine_km(a: dict, b: dict) -> float:
    """Great-circle distance between two ``{"lat", "lon"}`` points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def meeting_modes(volunteer: dict, pupil: dict) -> set[str]:
    """Rule 7: how this pair could meet, regions not yet considered."""
    modes = set()
    if volunteer["mode"] in ONLINE_MODES and pupil["mode"] in ONLINE_MODES:
        modes.add("online")
    if (
        volunteer["mode"] in IN_PERSON_MODES
        and pupil["mode"] in IN_PERSON_MODES
        and haversine_km(volunteer["location"], pupil["location"]) <= volunteer["max_distance_km"]
    ):
        modes.add("in_person")
    return modes


def feasible_pairs(instance: dict) -> dict[Pair, frozenset[str]]:
    """Every feasible (volunteer id, pupil id), with the modes in which it may meet."""
    options = instance.get("options", {})
    min_overlap = options.get("min_overlap_minutes", DEFAULT_MIN_OVERLAP)
    cross_region_online = options.get("cross_region_online", DEFAULT_CROSS_REGION_ONLINE)
    forbidden = {(pair["volunteer"], pair["pupil"]) for pair in instance["forbidden"]}
    locked_pupils = {pair["pupil"] for pair in instance["locked"]}
    locked_load = Counter(pair["volunteer"] for pair in instance["locked"])
    weeks = {
        (kind, person["id"]): week_minutes(person["availability"])
        for kind in ("volunteers", "pupils")
        for person in instance[kind]
    }

    feasible: dict[Pair, frozenset[str]] = {}
    for v in instance["volunteers"]:
        for p in instance["pupils"]:
            if (v["id"], p["id"]) in forbidden or p["id"] in locked_pupils:
                continue
            if locked_load[v["id"]] >= v["capacity"]:
                continue
            if not set(v["subjects"]) & set(p["subjects"]):
                continue
            if v["levels"] and p["level"] not in v["levels"]:
                continue
            if p["needs_language"] is not None and p["needs_language"] not in v["languages"]:
                continue
            overlap = len(weeks["volunteers", v["id"]] & weeks["pupils", p["id"]])
            if overlap < min_overlap:
                continue
            modes = meeting_modes(v, p)
            if v["region"] != p["region"]:
                modes = (modes & {"online"}) if cross_region_online else set()
            if modes:
                feasible[v["id"], p["id"]] = frozenset(modes)
    return feasible
