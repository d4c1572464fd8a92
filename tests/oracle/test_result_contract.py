"""Properties every ``koppel.result/1`` must have, checked against the oracle."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from .entry_points import candidate_costs, solve
from .feasibility import feasible_pairs
from .instances import instances, seeded_instances

# Small drawn instances shrink to readable counterexamples; seeded ones add size.
INSTANCES = instances(max_pupils=12, max_volunteers=5) | seeded_instances(
    max_pupils=80, max_volunteers=25
)
COST_LIMIT = 1_000_000


def _pair(entry: dict) -> tuple[str, str]:
    return entry["volunteer"], entry["pupil"]


@given(INSTANCES)
def test_candidates_are_exactly_the_feasible_pairs_each_listed_once(instance):
    listed = [_pair(c) for c in solve(instance)["candidates"]]
    assert sorted(set(listed)) == sorted(listed), "a candidate is listed twice"
    assert set(listed) == set(feasible_pairs(instance))


@given(INSTANCES)
def test_every_chosen_pair_is_feasible_and_meets_in_a_mode_rule_7_allows(instance):
    feasible = feasible_pairs(instance)
    for match in solve(instance)["matches"]:
        if not match["locked"]:
            assert _pair(match) in feasible
            assert match["mode"] in feasible[_pair(match)]


@given(INSTANCES)
def test_no_pupil_is_matched_twice_and_no_volunteer_beyond_capacity(instance):
    matches = solve(instance)["matches"]
    pupils = Counter(match["pupil"] for match in matches)
    load = Counter(match["volunteer"] for match in matches)
    assert all(times == 1 for times in pupils.values())
    capacity = {v["id"]: v["capacity"] for v in instance["volunteers"]}
    assert all(load[v] <= capacity[v] for v in load)


@given(INSTANCES)
def test_locked_pairs_are_kept_at_no_cost_and_forbidden_pairs_never_chosen(instance):
    matches = solve(instance)["matches"]
    locked = [match for match in matches if match["locked"]]
    assert sorted(map(_pair, locked)) == sorted(map(_pair, instance["locked"]))
    assert all(match["cost"] == 0 and match["mode"] is None for match in locked)
    forbidden = set(map(_pair, instance["forbidden"]))
    assert not forbidden & set(map(_pair, matches))


@given(INSTANCES)
def test_unmatched_lists_exactly_the_pupils_without_a_match_each_with_a_reason(instance):
    result = solve(instance)
    unmatched = [entry["pupil"] for entry in result["unmatched"]]
    matched = {match["pupil"] for match in result["matches"]}
    without_match = [p["id"] for p in instance["pupils"] if p["id"] not in matched]
    assert sorted(unmatched) == sorted(without_match)
    for entry in result["unmatched"]:
        assert entry["reasons"], f"{entry['pupil']} is unmatched without a reason"
        assert all(isinstance(reason, str) and reason.strip() for reason in entry["reasons"])


@given(INSTANCES)
def test_costs_are_bounded_integers_and_the_total_adds_up_the_chosen_pairs(instance):
    result = solve(instance)
    costs = candidate_costs(result)
    assert all(type(cost) is int and 0 <= cost < COST_LIMIT for cost in costs.values())
    chosen = [match for match in result["matches"] if not match["locked"]]
    assert all(match["cost"] == costs[_pair(match)] for match in chosen)
    assert result["total_cost"] == sum(match["cost"] for match in chosen)
    assert result["schema"] == "koppel.result/1"


@given(INSTANCES)
def test_the_same_instance_gives_the_identical_result(instance):
    assert solve(instance) == solve(instance)


@given(INSTANCES)
def test_candidates_are_left_out_unless_asked_for(instance):
    assert "candidates" not in solve(instance, with_candidates=False)
