"""Connected components: the numpy labelling of small graphs numbers them as scipy does."""

import assignment_oracles as oracles
import numpy as np
import pytest

import algorithms.lexicographic as lexicographic
from algorithms.assignment_input import validate_assignment_input


@pytest.mark.parametrize(("seed", "n_rows", "n_cols", "options"),
                         [(1, 300, 200, 1), (2, 500, 100, 2), (3, 40, 400, 3), (4, 0, 5, 1)])
def test_small_graphs_get_the_same_component_labels_as_with_scipy(
    seed, n_rows, n_cols, options, monkeypatch
):
    instance = oracles.random_instance(np.random.default_rng(seed), n_rows, n_cols, options)
    instance["col_capacity"][::7] = 0  # edges to full columns are not usable
    problem = validate_assignment_input(
        instance["n_rows"], instance["n_cols"], instance["edge_row"], instance["edge_col"],
        instance["edge_cost"], instance["row_class"], instance["col_capacity"],
        instance["n_classes"], "auto",
    )
    small = lexicographic.row_components(problem)
    monkeypatch.setattr(lexicographic, "SMALL_GRAPH_EDGES", -1)
    with_scipy = lexicographic.row_components(problem)
    assert small[0] == with_scipy[0]
    assert small[1].tolist() == with_scipy[1].tolist()
