"""Hand-made instances whose answer is known, for the cases that break naive models."""

import doctest
import pkgutil
from importlib import import_module

import numpy as np
import pytest
from assignment_oracles import milp_lexicographic, random_instance

import algorithms
from algorithms import solve_assignment

METHODS = ["auto", "ortools", "scipy", "networkx"]


@pytest.mark.parametrize("method", METHODS)
def test_no_edges_means_nobody_is_matched_and_that_is_optimal(method):
    result = solve_assignment(4, 3, [], [], [], row_class=[0, 1, 2, 2], method=method)
    assert result.status == "optimal"
    assert result.chosen.tolist() == []
    assert result.matched_per_class == (0, 0, 0)
    assert result.total_cost == 0
    assert result.message == "matched 0 of 4 rows (per class: 0, 0, 0), total cost 0"


@pytest.mark.parametrize("method", METHODS)
def test_an_empty_instance_is_valid(method):
    result = solve_assignment(0, 0, [], [], [], n_classes=3, method=method)
    assert result.matched_per_class == (0, 0, 0)
    assert result.chosen.size == 0


@pytest.mark.parametrize("method", METHODS)
def test_columns_without_capacity_take_nobody(method):
    result = solve_assignment(
        2, 2, [0, 0, 1], [0, 1, 1], [1, 2, 3], col_capacity=[0, 0], method=method
    )
    assert result.chosen.size == 0
    assert result.matched_per_class == (0,)


@pytest.mark.parametrize("method", METHODS)
def test_contested_column_goes_to_the_class_0_row_whatever_the_cost(method):
    # Row 0 (class 2) would cost 0; row 1 (class 0) costs the maximum.
    result = solve_assignment(2, 1, [0, 1], [0, 0], [0, 999_999], row_class=[2, 0], method=method)
    assert result.chosen.tolist() == [1]
    assert result.matched_per_class == (1, 0, 0)
    assert result.total_cost == 999_999


@pytest.mark.parametrize("method", METHODS)
def test_one_more_class_0_row_beats_any_number_of_class_1_rows(method):
    # Column 0 is the only option of row 0 (class 0). Giving it to rows 1..5
    # (class 1) through a chain would match more rows in total, but fewer of class 0.
    rows = [0, 1, 1, 2, 3, 4, 5]
    cols = [0, 0, 1, 1, 2, 2, 3]
    result = solve_assignment(
        6, 4, rows, cols, [7] * 7, row_class=[0, 1, 1, 1, 1, 1], method=method
    )
    assert result.matched_per_class == (1, 3)
    assert 0 in result.chosen.tolist()


@pytest.mark.parametrize("method", METHODS)
def test_a_row_with_many_options_takes_the_cheapest(method):
    costs = [50, 40, 9, 30, 70]
    result = solve_assignment(1, 5, [0] * 5, list(range(5)), costs, method=method)
    assert result.chosen.tolist() == [2]
    assert result.total_cost == 9


@pytest.mark.parametrize("method", METHODS)
def test_matching_more_rows_of_the_last_class_beats_a_lower_cost(method):
    # Two rows, two columns: matching both costs 2 * 999_999, matching one costs 0.
    result = solve_assignment(2, 2, [0, 0, 1], [0, 1, 0], [0, 999_999, 999_999], method=method)
    assert result.matched_per_class == (2,)
    assert result.total_cost == 2 * 999_999


@pytest.mark.parametrize("method", METHODS)
def test_huge_capacity_and_rows_without_edges_are_fine(method):
    result = solve_assignment(
        4, 1, [0, 1, 2], [0, 0, 0], [3, 2, 1], col_capacity=[10**12], method=method
    )
    assert result.chosen.tolist() == [0, 1, 2]
    assert result.matched_per_class == (3,)


@pytest.mark.parametrize("method", METHODS)
def test_missing_classes_still_count_in_a_fixed_length_answer(method):
    result = solve_assignment(
        2, 1, [0, 1], [0, 0], [5, 1], row_class=[2, 2], n_classes=3, method=method
    )
    assert result.matched_per_class == (0, 0, 1)
    assert result.chosen.tolist() == [1]


def test_separate_components_with_maximal_costs_stay_exact():
    rng = np.random.default_rng(11)
    parts = [random_instance(rng, 60, 20, 4, 3, 999_999) for _ in range(3)]
    instance = {
        "n_rows": 180,
        "n_cols": 60,
        "edge_row": np.concatenate([p["edge_row"] + 60 * i for i, p in enumerate(parts)]),
        "edge_col": np.concatenate([p["edge_col"] + 20 * i for i, p in enumerate(parts)]),
        "edge_cost": np.concatenate([p["edge_cost"] for p in parts]),
        "row_class": np.concatenate([p["row_class"] for p in parts]),
        "col_capacity": np.concatenate([p["col_capacity"] for p in parts]),
        "n_classes": 3,
    }
    result = solve_assignment(**instance)
    assert result.stats["components"] >= 3
    assert (result.matched_per_class, result.total_cost) == milp_lexicographic(instance)


def test_stats_name_the_solver_and_the_phases():
    result = solve_assignment(2, 1, [0, 1], [0, 0], [1, 2], method="auto")
    assert result.stats["solver"] == "ortools"
    assert set(result.stats["seconds"]) == {"validate", "build", "solve"}
    assert result.stats["edges"] == 2


def test_docstring_examples_of_the_algorithms_package_run_and_pass():
    attempted = 0
    for module_info in pkgutil.iter_modules(algorithms.__path__, "algorithms."):
        outcome = doctest.testmod(import_module(module_info.name))
        assert outcome.failed == 0, module_info.name
        attempted += outcome.attempted
    assert attempted >= 3
