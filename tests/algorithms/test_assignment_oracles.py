"""Every method against independent oracles: brute force (tiny) and sequential MILP."""

import numpy as np
import pytest
from assignment_oracles import (
    brute_force,
    is_feasible,
    milp_lexicographic,
    random_instance,
    score,
    small_instances,
)
from hypothesis import given

from algorithms import solve_assignment

METHODS = ["ortools", "scipy", "networkx"]


@pytest.mark.parametrize("method", METHODS)
@given(instance=small_instances())
def test_every_method_finds_the_brute_force_optimum_on_tiny_instances(method, instance):
    result = solve_assignment(**instance, method=method)
    assert is_feasible(instance, result.chosen)
    assert score(instance, result.chosen) == brute_force(instance)
    assert (result.matched_per_class, result.total_cost) == brute_force(instance)


@pytest.mark.parametrize(
    ("seed", "n_rows", "n_cols", "options", "max_cost"),
    [
        (1, 300, 120, 6, 2000),
        (2, 400, 100, 3, 50),
        (3, 250, 200, 10, 999_999),
        (4, 300, 60, 2, 0),
    ],
)
def test_ortools_and_scipy_match_a_sequential_milp_on_hundreds_of_rows(
    seed, n_rows, n_cols, options, max_cost
):
    instance = random_instance(np.random.default_rng(seed), n_rows, n_cols, options, 3, max_cost)
    expected = milp_lexicographic(instance)
    for method in ["ortools", "scipy"]:
        result = solve_assignment(**instance, method=method)
        assert is_feasible(instance, result.chosen)
        assert (result.matched_per_class, result.total_cost) == expected, method


def test_networkx_matches_the_sequential_milp_on_a_mid_sized_instance():
    instance = random_instance(np.random.default_rng(5), 120, 50, 5, 3, 300)
    result = solve_assignment(**instance, method="networkx")
    assert (result.matched_per_class, result.total_cost) == milp_lexicographic(instance)
