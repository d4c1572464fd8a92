"""The result is optimal for its own costs: brute force on tiny instances, MILPs on
instances of a few hundred pupils. Only class counts and total cost are compared;
two optimal assignments may differ in their pairs."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from .entry_points import candidate_costs, solve
from .feasibility import feasible_pairs
from .instances import instances, seeded_instance
from .optimum import brute_force_optimum, milp_optimum, outcome_of

TINY = instances(max_pupils=6, max_volunteers=3)


@given(TINY)
def test_result_reaches_the_brute_force_optimum_for_its_own_costs(instance):
    feasible = feasible_pairs(instance)
    # With fewer than two feasible pairs there is nothing to choose between.
    assume(len(feasible) >= 2)
    result = solve(instance)
    costs = candidate_costs(result)
    assert set(costs) == set(feasible)
    assert outcome_of(instance, result) == brute_force_optimum(instance, costs)


@given(TINY, st.randoms(use_true_random=False))
def test_the_brute_force_and_milp_oracles_agree_on_any_costs(instance, rng):
    costs = {pair: rng.randrange(1_000_000) for pair in sorted(feasible_pairs(instance))}
    assert milp_optimum(instance, costs) == brute_force_optimum(instance, costs)


@pytest.mark.parametrize(
    ("seed", "pupils", "volunteers"),
    [(1, 200, 60), (2, 300, 80), (3, 300, 120), (4, 400, 100), (5, 250, 40)],
)
def test_result_reaches_the_sequential_milp_optimum_on_a_contested_region(seed, pupils, volunteers):
    instance = seeded_instance(seed, pupils=pupils, volunteers=volunteers)
    result = solve(instance)
    costs = candidate_costs(result)
    assert set(costs) == set(feasible_pairs(instance))
    assert outcome_of(instance, result) == milp_optimum(instance, costs)
