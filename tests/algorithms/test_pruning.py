"""Solving on each row's cheapest edges and proving the result on all edges is exact.

``keep`` is forced tiny here so that both certificates (the minimum cut behind the
class quotas, the reduced costs behind the total cost) fail and add edges, often
for several rounds, before the answer is proven.
"""

import assignment_oracles as oracles
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algorithms.assignment_input import validate_assignment_input
from algorithms.components import solve_by_components
from algorithms.lexicographic import row_components
from algorithms.pruning import first_per_row, solve_pruned
from algorithms.quota_flow import EdgeSet, class_quotas, solve_batch


def problem_of(instance):
    return validate_assignment_input(
        instance["n_rows"], instance["n_cols"], instance["edge_row"], instance["edge_col"],
        instance["edge_cost"], instance["row_class"], instance["col_capacity"],
        instance["n_classes"], "auto",
    )


def usable_only(instance):
    """The instance without edges to columns of capacity 0 (solve_pruned's premise)."""
    usable = instance["col_capacity"][instance["edge_col"]] > 0
    return {
        **instance,
        **{key: instance[key][usable] for key in ("edge_row", "edge_col", "edge_cost")},
    }


@given(instance=oracles.small_instances())
def test_pruned_solve_finds_the_brute_force_optimum_on_tiny_instances(instance):
    instance = usable_only(instance)
    chosen = solve_pruned(problem_of(instance), keep=1)
    assert oracles.is_feasible(instance, chosen)
    assert oracles.score(instance, chosen) == oracles.brute_force(instance)


@pytest.mark.parametrize(
    ("seed", "n_rows", "n_cols", "options", "max_cost"),
    [(21, 300, 60, 20, 2000), (22, 250, 40, 12, 999_999), (23, 300, 150, 25, 30)],
)
def test_pruned_solve_matches_a_sequential_milp_on_hundreds_of_rows(
    seed, n_rows, n_cols, options, max_cost
):
    instance = usable_only(
        oracles.random_instance(np.random.default_rng(seed), n_rows, n_cols, options, 3, max_cost)
    )
    expected = oracles.milp_lexicographic(instance)
    for keep, near_cost in ((1, 0), (3, 0), (1, 50), (3, 1_000_000)):
        chosen = solve_pruned(problem_of(instance), keep=keep, near_cost=near_cost)
        assert oracles.is_feasible(instance, chosen)
        assert oracles.score(instance, chosen) == expected, (keep, near_cost)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1), keep=st.integers(1, 4),
    near_cost=st.sampled_from([0, 1, 7, 100, 10_000]), max_cost=st.sampled_from([5, 300, 999_999]),
)
def test_pruned_then_proved_equals_the_full_solve_in_counts_and_total_cost(
    seed, keep, near_cost, max_cost
):
    # Adding the near-zero reduced costs (near_cost > 0) must still stop only when no
    # left-out edge has a negative one: whatever the tuning, the optimum is the full one.
    instance = usable_only(
        oracles.random_instance(np.random.default_rng(seed), 60, 20, 8, 3, max_cost)
    )
    problem = problem_of(instance)
    pruned = solve_pruned(problem, keep=keep, near_cost=near_cost)
    assert oracles.is_feasible(instance, pruned)
    assert oracles.score(instance, pruned) == oracles.score(instance, solve_batch(problem))


def test_a_cut_certificate_that_fails_adds_edges_until_the_quotas_hold():
    # Both rows' cheapest edge is column 0 (capacity 1): on those edges alone only
    # one row can be matched, and the minimum cut is crossed by row 1's edge to column 1.
    instance = {
        "n_rows": 2, "n_cols": 2, "edge_row": np.array([0, 1, 1]),
        "edge_col": np.array([0, 0, 1]), "edge_cost": np.array([5, 1, 9]),
        "row_class": np.array([0, 0]), "col_capacity": np.array([1, 1]), "n_classes": 1,
    }
    problem = problem_of(instance)
    slots = EdgeSet.of(problem, problem.active).slots
    kept = np.array([True, True, False])
    _, crossing = class_quotas(
        problem, EdgeSet(np.flatnonzero(kept), slots),
        crossing=lambda reachable: np.flatnonzero(
            ~kept & reachable[problem.edge_row] & ~reachable[2 + problem.edge_col]
        ),
    )
    assert crossing.tolist() == [2]
    assert sorted(solve_pruned(problem, keep=1).tolist()) == [0, 2]


def test_first_per_row_keeps_the_lowest_scores_of_each_row_ties_by_position():
    rows = np.array([1, 0, 1, 1, 0, 1])
    scores = np.array([7, 3, 2, 7, 3, 9])
    assert first_per_row(rows, scores, 2).tolist() == [0, 1, 2, 4]


def test_components_with_many_options_per_row_are_pruned_and_stay_exact():
    instance = oracles.random_instance(np.random.default_rng(24), 60, 400, 500, 3, 999_999)
    problem = problem_of(instance)
    chosen = solve_by_components(problem, row_components(problem)[1])
    assert oracles.is_feasible(instance, chosen)
    assert oracles.score(instance, chosen) == oracles.milp_lexicographic(instance)
