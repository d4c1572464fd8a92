"""Bad input is refused up front with one exact message naming the argument."""

import re

import numpy as np
import pytest

from algorithms import solve_assignment
from algorithms.lexicographic import require_headroom

VALID = {
    "n_rows": 2,
    "n_cols": 2,
    "edge_row": [0, 1],
    "edge_col": [1, 1],
    "edge_cost": [3, 4],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"n_rows": -1}, "n_rows must be a non-negative integer"),
        ({"n_rows": 2.0}, "n_rows must be a non-negative integer"),
        ({"n_cols": True}, "n_cols must be a non-negative integer"),
        ({"edge_row": [[0, 1]]}, "edge_row must be a one-dimensional array"),
        ({"edge_row": [0.0, 1.0]}, "edge_row must be integers"),
        ({"edge_col": ["a", "b"]}, "edge_col must be integers"),
        ({"edge_col": [1]}, "edge_row and edge_col must have the same length"),
        ({"edge_cost": [3]}, "edge_cost must have the same length as edge_row"),
        ({"edge_row": [0, 2]}, "edge_row must hold row indices in [0, n_rows) = [0, 2)"),
        ({"edge_row": [-1, 1]}, "edge_row must hold row indices in [0, n_rows) = [0, 2)"),
        ({"edge_col": [0, 5]}, "edge_col must hold column indices in [0, n_cols) = [0, 2)"),
        ({"edge_cost": [3, -1]}, "edge_cost must be non-negative integers below 1000000"),
        ({"edge_cost": [3, 1_000_000]}, "edge_cost must be non-negative integers below 1000000"),
        ({"edge_cost": [3, 4.5]}, "edge_cost must be non-negative integers below 1000000"),
        (
            {"edge_row": [1, 1]},
            "duplicate edge (row 1, col 1): give each (row, col) pair at most once",
        ),
        ({"row_class": [0]}, "row_class must have length n_rows (2)"),
        ({"row_class": [0, -1]}, "row_class must be non-negative integers"),
        ({"col_capacity": [1, 2, 3]}, "col_capacity must have length n_cols (2)"),
        ({"col_capacity": [1, -2]}, "col_capacity must be non-negative integers"),
        ({"col_capacity": [1, 0.5]}, "col_capacity must be non-negative integers"),
        ({"n_classes": 0}, "n_classes must be between 1 and 1000"),
        ({"n_classes": 1001}, "n_classes must be between 1 and 1000"),
        ({"row_class": [0, 1000]}, "row_class must hold classes below 1000"),
        ({"n_classes": -3}, "n_classes must be a non-negative integer"),
        (
            {"row_class": [0, 3], "n_classes": 3},
            "row_class must hold classes in [0, n_classes) = [0, 3)",
        ),
        ({"method": "simplex"}, "method must be one of 'auto', 'ortools', 'scipy', 'networkx'"),
    ],
)
def test_invalid_argument_is_refused_with_an_exact_message(change, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        solve_assignment(**{**VALID, **change})


def test_empty_lists_are_valid_edge_arrays_even_though_numpy_makes_them_float():
    result = solve_assignment(3, 2, [], [], [])
    assert result.status == "optimal"
    assert result.chosen.tolist() == []
    assert result.matched_per_class == (0,)


def test_unsigned_and_narrow_integer_arrays_are_accepted():
    result = solve_assignment(
        2,
        2,
        np.array([0, 1], dtype=np.uint8),
        np.array([1, 0], dtype=np.int16),
        np.array([3, 4], dtype=np.uint32),
    )
    assert result.chosen.tolist() == [0, 1]
    assert result.chosen.dtype == np.int64


def test_costs_too_large_for_exact_arithmetic_are_refused_not_rounded():
    message = (
        "instance too large for exact solving with method='scipy': largest internal cost "
        "5000 times 3000 exceeds 1000000; split the instance or lower the costs"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        require_headroom(5000, 3000, 1_000_000, "scipy")
    require_headroom(5000, 200, 1_000_000, "scipy")
