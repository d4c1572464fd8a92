"""Connected components: the numpy labelling of small graphs numbers them as scipy does,
and batches solved in forked processes give what one process gives."""

import os

import assignment_oracles as oracles
import numpy as np
import pytest

import algorithms.components as components
import algorithms.lexicographic as lexicographic
from algorithms.assignment_input import validate_assignment_input
from algorithms.forked import run_shares


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


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize(("processes", "few_batches"), [(2, 64), (3, 64), (2, 0)])
def test_batches_solved_in_forked_processes_give_the_same_edges(
    processes, few_batches, monkeypatch
):
    # few_batches 0: each batch a slice of one sort instead of a comparison per batch.
    instance = oracles.random_instance(np.random.default_rng(7), 3000, 2000, 1)
    problem = validate_assignment_input(
        instance["n_rows"], instance["n_cols"], instance["edge_row"], instance["edge_col"],
        instance["edge_cost"], instance["row_class"], instance["col_capacity"],
        instance["n_classes"], "auto",
    )
    labels = lexicographic.row_components(problem)[1]
    monkeypatch.setattr(components, "BATCH_EDGES", 500)
    monkeypatch.setattr(components, "FEW_BATCHES", few_batches)
    alone = components.solve_by_components(problem, labels)
    monkeypatch.setattr(components, "PARALLEL_FROM", 0)
    forked = components.solve_by_components(problem, labels, processes=processes)
    assert forked.tolist() == alone.tolist()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_failure_in_a_forked_process_is_raised_with_its_traceback():
    def work(share):
        if share[0] == 1:
            raise ValueError("broken share")
        return share

    with pytest.raises(RuntimeError, match="broken share"):
        run_shares(work, [np.array([0]), np.array([1])])
    assert [r.tolist() for r in run_shares(work, [np.array([0]), np.array([2, 3])])] == [
        [0], [2, 3],
    ]
