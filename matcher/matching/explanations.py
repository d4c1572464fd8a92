"""Explanations: what made a match, and exactly why a pupil stayed unmatched.

An unmatched pupil with no feasible volunteer at all is run through the hard rules
in a fixed order (region, subject and level, needed language, capacity left after
locked pairs, coordinator exclusions, common hours, a way to meet); the first rule
that leaves no volunteer is the reason, with its parameters.

An unmatched pupil *with* feasible volunteers lost them to other pupils. At a
lexicographic optimum every such volunteer is full, and holds only pupils at least as
urgent (otherwise swapping would match one more pupil of a more urgent class). The
reasons say how many were taken by more urgent pupils and how many by equally urgent
ones, for whom any swap would match no more pupils and cost no less.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matcher.matching.availability import WeeklyTable
from matcher.matching.costs import IN_PERSON, components
from matcher.matching.feasibility import meeting, meeting_modes, reachable, speaks, teaches
from matcher.matching.instance import Instance
from matcher.matching.instance_arrays import NO_CODE, Columns
from matcher.matching.unmatched_reasons import Reason
from matcher.shared.geo import haversine_km
from matcher.shared.vocabulary import PRIORITY_CODES


def match_explanations(
    instance: Instance, cols: Columns, pupil: np.ndarray, volunteer: np.ndarray,
    overlap: np.ndarray, distance_m: np.ndarray, mode: np.ndarray,
) -> list[dict[str, Any]]:
    """The ``explanation`` object of each chosen pair (aligned arrays of pairs)."""
    parts = {name: values.tolist()
             for name, values in components(cols, pupil, volunteer, overlap, distance_m,
                                            mode).items()}
    explained = []
    for k, (p, v) in enumerate(zip(pupil.tolist(), volunteer.tolist(), strict=True)):
        the_pupil, the_volunteer = instance.pupils[p], instance.volunteers[v]
        offered = set(the_volunteer.subjects)
        spoken = set(the_volunteer.languages)
        explanation: dict[str, Any] = {
            "cost_components": {name: values[k] for name, values in parts.items()},
            "shared_subjects": [s for s in the_pupil.subjects if s in offered],
            "common_minutes": int(overlap[k]),
            "shared_languages": [c for c in the_pupil.languages if c in spoken],
        }
        if mode[k] == IN_PERSON:
            explanation["distance_km"] = round(int(distance_m[k]) / 1000, 1)
        if the_pupil.needs_language is not None:
            explanation["needs_language"] = the_pupil.needs_language
        explained.append(explanation)
    return explained


def taken_reasons(
    cols: Columns, unmatched: np.ndarray, edge_pupil: np.ndarray, edge_volunteer: np.ndarray,
    chosen: np.ndarray,
) -> dict[int, list[Reason]]:
    """Reasons for unmatched pupils that had feasible volunteers, keyed by pupil row."""
    least_urgent_held = np.full(len(cols.capacity_left), -1, dtype=np.int64)
    np.maximum.at(least_urgent_held, edge_volunteer[chosen], cols.pupil_class[edge_pupil[chosen]])
    lost = np.flatnonzero(unmatched[edge_pupil])
    pupil, volunteer = edge_pupil[lost], edge_volunteer[lost]
    n = len(unmatched)
    candidates = np.bincount(pupil, minlength=n)
    held = least_urgent_held[volunteer]
    by_more = np.bincount(pupil, weights=held < cols.pupil_class[pupil], minlength=n)
    by_equal = np.bincount(pupil, weights=held == cols.pupil_class[pupil], minlength=n)
    reasons: dict[int, list[Reason]] = {}
    for p in np.flatnonzero(candidates).tolist():
        total = int(candidates[p])
        found = reasons[p] = []
        if by_more[p]:
            found.append(Reason("taken_by_more_urgent",
                                {"volunteers": int(by_more[p]), "candidates": total}))
        if by_equal[p]:
            found.append(Reason("taken_by_equally_urgent", {
                "volunteers": int(by_equal[p]), "candidates": total,
                "priority": PRIORITY_CODES[cols.pupil_class[p]],
            }))
    return reasons


def blocking_reason(
    instance: Instance, cols: Columns, p: int, forbidden_for: set[int]
) -> Reason:
    """The first hard rule that leaves pupil row ``p`` (unlocked) without a volunteer.

    Each step asks :mod:`matcher.matching.feasibility` for its rule, so the reason is
    always the rule that candidate generation applied.
    """
    pupil = instance.pupils[p]
    everyone = np.arange(len(cols.capacity_left))
    where = {"region": pupil.region}
    asked = {"subjects": list(pupil.subjects), "level": pupil.level}
    steps = [
        ("no_volunteer_in_region", reachable(cols, instance.options, p, everyone), {}),
        ("no_volunteer_subject_level", teaches(cols, p, everyone), asked),
    ]
    if cols.pupil_needs[p] != NO_CODE:
        speaking = speaks(cols, everyone, int(cols.pupil_needs[p]))
        steps.append(("needs_language", speaking, {**asked, "language": pupil.needs_language}))
    steps.append(("no_capacity", cols.capacity_left > 0, {}))
    not_forbidden = np.ones(len(everyone), dtype=bool)
    not_forbidden[list(forbidden_for)] = False
    steps.append(("forbidden", not_forbidden, {}))
    left = np.ones(len(everyone), dtype=bool)
    for code, passes, params in steps:
        narrowed = left & passes
        if not narrowed.any():
            # "volunteers": how many were still suitable before this rule.
            return Reason(code, {**where, **params, "volunteers": int(left.sum())})
        left = narrowed
    return _hours_or_meeting(instance, cols, p, np.flatnonzero(left))


def _hours_or_meeting(instance: Instance, cols: Columns, p: int, suitable: np.ndarray) -> Reason:
    p_side, v_side = cols.pupils, cols.volunteers
    minutes = _overlap_with(p_side.weekly, p, v_side.weekly, suitable)
    needed = instance.options.min_overlap_minutes
    if not (minutes >= needed).any():
        return Reason("no_common_hours", {
            "volunteers": len(suitable), "min_overlap_minutes": needed,
            "best_overlap_minutes": int(minutes.max()),
        })
    left = suitable[minutes >= needed]
    pupil = np.full(len(left), p)
    same = v_side.region[left] == p_side.region[p]
    online, in_person = meeting_modes(cols, pupil, left, same)
    if online.any():
        raise AssertionError(f"pupil row {p} has a feasible volunteer but no candidate")
    meets = left[in_person]
    if not len(meets):
        mode = "online" if p_side.online[p] else "in_person"
        return Reason("no_common_mode", {"volunteers": len(left), "mode": mode})
    if meeting(cols, pupil[: len(meets)], meets, True)[1].any():
        raise AssertionError(f"pupil row {p} has a feasible volunteer but no candidate")
    km = haversine_km(p_side.lat[p], p_side.lon[p], v_side.lat[meets], v_side.lon[meets])
    nearest = int(np.argmin(km))
    return Reason("too_far", {
        "volunteers": len(left), "nearest_km": round(float(km[nearest]), 1),
        "limit_km": float(cols.volunteer_max_km[meets[nearest]]),
    })


def _overlap_with(a: WeeklyTable, row: int, b: WeeklyTable, rows: np.ndarray) -> np.ndarray:
    """Weekly overlap in minutes (int64) of person ``row`` of ``a`` with each of ``rows``
    of ``b``: the sum of the intersections of their intervals, which is exact because
    both sides are disjoint unions. (For one person this beats the segment product of
    :func:`matcher.matching.availability.overlap_matrix`, built for blocks of many.)"""
    start, end = a.start[a.ptr[row] : a.ptr[row + 1]], a.end[a.ptr[row] : a.ptr[row + 1]]
    owner, other_start, other_end = b.gather(rows)
    common = (np.minimum(other_end[:, None], end[None, :])
              - np.maximum(other_start[:, None], start[None, :]))
    per_interval = np.maximum(common, 0).sum(axis=1, dtype=np.int64)
    return np.bincount(owner, weights=per_interval, minlength=len(rows)).astype(np.int64)
