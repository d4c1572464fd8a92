"""Hand-made instances on the edge of one rule each, with the answer worked out by hand.

Each example is checked against the implementation *and* the oracle, so that a wrong
oracle cannot quietly agree with a wrong implementation on these edges.
"""

from __future__ import annotations

import pytest

from .entry_points import solve
from .feasibility import feasible_pairs, haversine_km

UTRECHT_CENTRE = {"lat": 52.0907, "lon": 5.1214}
DE_UITHOF = {"lat": 52.0848, "lon": 5.1744}
SUBJECTS = ["wiskunde", "engels"]


def _volunteer(ident: str = "v-1", **changes) -> dict:
    return {
        "id": ident,
        "region": "utrecht",
        "subjects": ["wiskunde"],
        "levels": [],
        "languages": ["nl"],
        "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
        "mode": "online",
        "location": None,
        "capacity": 1,
    } | changes


def _pupil(ident: str = "p-1", **changes) -> dict:
    return {
        "id": ident,
        "region": "utrecht",
        "subjects": ["wiskunde"],
        "level": "havo",
        "languages": ["nl"],
        "needs_language": None,
        "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
        "mode": "online",
        "location": None,
        "priority": "normal",
        "waiting_days": 0,
    } | changes


def _instance(volunteers, pupils, *, locked=(), forbidden=(), **options) -> dict:
    instance = {
        "schema": "koppel.instance/1",
        "volunteers": volunteers,
        "pupils": pupils,
        "locked": [{"volunteer": v, "pupil": p} for v, p in locked],
        "forbidden": [{"volunteer": v, "pupil": p} for v, p in forbidden],
    }
    if options:
        instance["options"] = options
    return instance


def _slots(*spans: tuple[str, str, str]) -> list[dict]:
    return [{"day": day, "start": start, "end": end} for day, start, end in spans]


def _candidates(instance: dict) -> set[tuple[str, str]]:
    """The implementation's candidate pairs, after checking the oracle finds the same."""
    found = {(c["volunteer"], c["pupil"]) for c in solve(instance)["candidates"]}
    assert found == set(feasible_pairs(instance))
    return found


@pytest.mark.parametrize(("minimum", "feasible"), [(0, True), (1, False)])
def test_touching_intervals_overlap_zero_minutes(minimum, feasible):
    instance = _instance(
        [_volunteer(availability=_slots(("mon", "15:00", "16:00")))],
        [_pupil(availability=_slots(("mon", "16:00", "17:00")))],
        min_overlap_minutes=minimum,
    )
    assert bool(_candidates(instance)) is feasible


@pytest.mark.parametrize(("minimum", "feasible"), [(90, True), (91, False)])
def test_a_persons_own_overlapping_intervals_count_once(minimum, feasible):
    own = _slots(("mon", "15:00", "16:00"), ("mon", "15:30", "16:30"), ("mon", "15:10", "15:50"))
    instance = _instance(
        [_volunteer(availability=own)],
        [_pupil(availability=_slots(("mon", "14:00", "18:00")))],
        min_overlap_minutes=minimum,
    )
    assert bool(_candidates(instance)) is feasible


@pytest.mark.parametrize(("minimum", "feasible"), [(53, True), (54, False)])
def test_an_interval_may_end_at_midnight(minimum, feasible):
    instance = _instance(
        [_volunteer(availability=_slots(("sun", "23:07", "24:00")))],
        [_pupil(availability=_slots(("sun", "22:00", "24:00"), ("mon", "00:00", "01:00")))],
        min_overlap_minutes=minimum,
    )
    assert bool(_candidates(instance)) is feasible


@pytest.mark.parametrize(("pupil_end", "feasible"), [("15:59", False), ("16:00", True)])
def test_omitted_options_mean_an_hour_of_overlap(pupil_end, feasible):
    instance = _instance([_volunteer()], [_pupil(availability=_slots(("mon", "14:00", pupil_end)))])
    assert bool(_candidates(instance)) is feasible


def test_without_any_availability_a_zero_minimum_is_still_met():
    instance = _instance([_volunteer(availability=[])], [_pupil()], min_overlap_minutes=0)
    assert _candidates(instance) == {("v-1", "p-1")}


@pytest.mark.parametrize(("stretch", "feasible"), [(1 + 1e-9, True), (1 - 1e-7, False)])
def test_in_person_distance_is_haversine_with_the_mean_earth_radius(stretch, feasible):
    # 1e-7 is well inside the 1.4e-6 by which a 6371 km radius would shorten the way.
    limit = haversine_km(UTRECHT_CENTRE, DE_UITHOF) * stretch
    instance = _instance(
        [_volunteer(mode="in_person", location=UTRECHT_CENTRE, max_distance_km=limit)],
        [_pupil(mode="both", location=DE_UITHOF)],
    )
    assert bool(_candidates(instance)) is feasible


@pytest.mark.parametrize("cross_region_online", [True, False])
def test_across_regions_a_pair_meets_only_online_and_only_when_allowed(cross_region_online):
    volunteers = [
        _volunteer(
            "v-both", region="amersfoort", mode="both", location=UTRECHT_CENTRE, max_distance_km=10
        ),
        _volunteer(
            "v-near",
            region="amersfoort",
            mode="in_person",
            location=UTRECHT_CENTRE,
            max_distance_km=10,
        ),
    ]
    instance = _instance(
        volunteers,
        [_pupil(mode="both", location=UTRECHT_CENTRE)],
        cross_region_online=cross_region_online,
    )
    assert _candidates(instance) == ({("v-both", "p-1")} if cross_region_online else set())
    assert all(match["mode"] == "online" for match in solve(instance)["matches"])


def test_one_urgent_pupil_outweighs_a_second_high_one():
    instance = _instance(
        [_volunteer("v-1"), _volunteer("v-2")],
        [
            _pupil("p-high-1", priority="high", waiting_days=300),
            _pupil("p-urgent", priority="urgent"),
            _pupil("p-high-2", priority="high", waiting_days=300),
        ],
        forbidden=[("v-2", "p-high-1"), ("v-1", "p-high-2")],
    )
    matched = {match["pupil"] for match in solve(instance)["matches"]}
    assert "p-urgent" in matched
    assert len(matched) == 2


def test_a_locked_pair_stands_even_when_infeasible_and_uses_up_the_place():
    instance = _instance(
        [_volunteer("v-1", subjects=["engels"]), _volunteer("v-2", subjects=SUBJECTS)],
        [_pupil("p-locked"), _pupil("p-free", subjects=["engels"], priority="urgent")],
        locked=[("v-1", "p-locked")],
    )
    assert _candidates(instance) == {("v-2", "p-free")}
    locked = [m for m in solve(instance)["matches"] if m["pupil"] == "p-locked"]
    assert [(m["volunteer"], m["locked"], m["cost"], m["mode"]) for m in locked] == [
        ("v-1", True, 0, None)
    ]
