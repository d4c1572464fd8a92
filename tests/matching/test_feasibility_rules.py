"""The hard rules 1–7 of the matching contract at their edges."""

from __future__ import annotations

import math

import pytest

from matcher.shared.geo import haversine_km

from .builders import instance, pupil, slot, volunteer
from .solving import pairs, solve

NEAR = {"lat": 52.1, "lon": 5.1}


@pytest.mark.parametrize(
    ("pupil_slot", "minimum", "feasible"),
    [
        (slot("mon", "17:00", "19:00"), 60, False),  # touches the volunteer's 15:00–17:00
        (slot("mon", "17:00", "19:00"), 0, True),  # 0 minutes in common is enough for 0
        (slot("mon", "16:00", "18:00"), 60, True),  # exactly the minimum
        (slot("mon", "16:01", "18:00"), 60, False),  # one minute short
        (slot("tue", "15:00", "17:00"), 1, False),  # another day
    ],
)
def test_weekly_overlap_must_reach_the_minimum(pupil_slot, minimum, feasible):
    raw = instance(pupils=[pupil(availability=[pupil_slot])],
                   options={"min_overlap_minutes": minimum})
    assert bool(solve(raw)["candidates"]) is feasible


def test_a_pupils_own_overlapping_intervals_count_once_towards_the_minimum():
    twice = [slot("mon", "15:00", "16:00"), slot("mon", "15:00", "16:00"),
             slot("mon", "15:30", "16:00")]
    assert solve(instance(pupils=[pupil(availability=twice)],
                          options={"min_overlap_minutes": 60}))["candidates"]
    assert not solve(instance(pupils=[pupil(availability=twice)],
                              options={"min_overlap_minutes": 61}))["candidates"]


def test_intervals_ending_at_24_00_overlap_until_midnight():
    late = [slot("sun", "23:00", "24:00")]
    raw = instance(volunteers=[volunteer(availability=late)], pupils=[pupil(availability=late)])
    assert solve(raw)["matches"][0]["explanation"]["common_minutes"] == 60


def _in_person_pair(limit_km: float) -> dict:
    return instance(
        volunteers=[volunteer(mode="in_person", max_distance_km=limit_km)],
        pupils=[pupil(mode="in_person", location=NEAR)],
    )


def test_a_distance_exactly_at_the_volunteers_limit_is_feasible_and_just_beyond_is_not():
    v = volunteer()["location"]
    exact = float(haversine_km(NEAR["lat"], NEAR["lon"], v["lat"], v["lon"]))
    assert solve(_in_person_pair(exact))["matches"][0]["mode"] == "in_person"
    assert not solve(_in_person_pair(math.nextafter(exact, 0)))["candidates"]


def test_other_regions_count_only_online_and_only_when_the_option_allows_it():
    elsewhere = volunteer(region="amersfoort")
    both = pupil(mode="both", location=NEAR)
    assert not solve(instance(volunteers=[elsewhere], pupils=[both]))["candidates"]
    crossing = solve(instance(volunteers=[elsewhere], pupils=[both],
                              options={"cross_region_online": True}))
    assert [m["mode"] for m in crossing["matches"]] == ["online"]
    in_person_only = pupil(mode="in_person", location=NEAR)
    assert not solve(instance(volunteers=[elsewhere], pupils=[in_person_only],
                              options={"cross_region_online": True}))["candidates"]


def test_cross_region_online_also_keeps_in_person_pairs_within_the_region():
    raw = instance(volunteers=[volunteer(mode="in_person")],
                   pupils=[pupil(mode="in_person", location=NEAR)],
                   options={"cross_region_online": True})
    assert solve(raw)["matches"][0]["mode"] == "in_person"


@pytest.mark.parametrize(
    ("volunteer_mode", "pupil_mode", "feasible"),
    [("online", "in_person", False), ("in_person", "online", False),
     ("online", "both", True), ("in_person", "both", True), ("both", "both", True)],
)
def test_the_pair_needs_a_common_way_to_meet(volunteer_mode, pupil_mode, feasible):
    location = None if pupil_mode == "online" else NEAR
    raw = instance(volunteers=[volunteer(mode=volunteer_mode)],
                   pupils=[pupil(mode=pupil_mode, location=location)])
    assert bool(solve(raw)["candidates"]) is feasible


def test_subjects_level_and_needed_language_are_hard_rules():
    vols = [volunteer("v-any", levels=[]), volunteer("v-vwo", levels=["vwo"]),
            volunteer("v-ar", languages=["nl", "ar"]), volunteer("v-dutch", subjects=["engels"])]
    pupils = [pupil("p-havo"), pupil("p-ar", needs_language="ar")]
    assert pairs(solve(instance(volunteers=vols, pupils=pupils))) == {
        ("v-any", "p-havo"), ("v-ar", "p-havo"), ("v-ar", "p-ar"),
    }


def test_a_pair_sharing_several_subjects_is_one_candidate():
    raw = instance(volunteers=[volunteer(subjects=["engels", "wiskunde", "plannen"])],
                   pupils=[pupil(subjects=["wiskunde", "plannen", "engels"])])
    assert len(solve(raw)["candidates"]) == 1


def test_forbidden_pairs_are_never_candidates():
    raw = instance(volunteers=[volunteer("v-1"), volunteer("v-2")],
                   forbidden=[{"volunteer": "v-1", "pupil": "p-1"}])
    assert pairs(solve(raw)) == {("v-2", "p-1")}


def test_a_locked_pupil_is_not_matched_again_though_feasible_with_others():
    raw = instance(volunteers=[volunteer("v-1"), volunteer("v-2")],
                   locked=[{"volunteer": "v-1", "pupil": "p-1"}])
    result = solve(raw)
    assert result["candidates"] == []
    assert result["matches"] == [{"volunteer": "v-1", "pupil": "p-1", "cost": 0, "locked": True,
                                  "mode": None, "explanation": result["matches"][0]["explanation"]}]
    assert result["total_cost"] == 0


def test_locked_pairs_that_fill_a_volunteer_leave_it_no_candidates():
    raw = instance(volunteers=[volunteer(capacity=2)],
                   pupils=[pupil("p-1"), pupil("p-2"), pupil("p-3")],
                   locked=[{"volunteer": "v-1", "pupil": "p-1"}])
    assert len(solve(raw)["matches"]) == 2  # the locked pair and one chosen
    raw["locked"].append({"volunteer": "v-1", "pupil": "p-2"})
    full = solve(raw)
    assert full["candidates"] == [] and [u["pupil"] for u in full["unmatched"]] == ["p-3"]


def test_a_contested_volunteer_goes_to_the_urgent_pupil_even_at_a_higher_cost():
    urgent = pupil("p-urgent", priority="urgent", waiting_days=0,
                   availability=[slot("mon", "15:00", "16:00")])
    normal = pupil("p-normal", priority="normal", waiting_days=400)
    result = solve(instance(pupils=[normal, urgent]))
    costs = {c["pupil"]: c["cost"] for c in result["candidates"]}
    assert costs["p-urgent"] > costs["p-normal"]
    assert pairs(result, "matches") == {("v-1", "p-urgent")}
    assert result["stats"]["matched_per_class"] == {"urgent": 1, "high": 0, "normal": 0}


def test_an_empty_instance_gives_an_empty_result():
    result = solve(instance(volunteers=[], pupils=[]))
    assert (result["matches"], result["unmatched"], result["candidates"], result["total_cost"]) \
        == ([], [], [], 0)
    assert result["stats"]["feasible_pairs"] == 0


def test_volunteers_without_pupils_and_pupils_without_volunteers_are_fine():
    assert solve(instance(pupils=[]))["matches"] == []
    assert [u["pupil"] for u in solve(instance(volunteers=[]))["unmatched"]] == ["p-1"]
