"""Exact lexicographic min-cost assignment of rows to capacitated columns."""

import time
from dataclasses import dataclass
from importlib import import_module

import numpy as np

from algorithms.assignment_input import validate_assignment_input
from algorithms.components import solve_by_components
from algorithms.flow_network import build_flow_network
from algorithms.lexicographic import row_components, unmatched_penalty

# "auto" is OR-Tools (algorithms.components): fastest at every size bench/solvers.py
# measures. The others solve the penalty model of algorithms.lexicographic; they are
# imported only when asked for (networkx alone takes 0.17 s to import).
SOLVERS = {
    "scipy": "algorithms.solver_scipy:solve_with_scipy",
    "networkx": "algorithms.solver_networkx:solve_with_networkx",
}


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """Outcome of :func:`solve_assignment`.

    ``status`` is always ``"optimal"`` for valid input: leaving rows unmatched is
    always allowed, so "nothing could be matched" is an optimal (empty) answer,
    not an error. Results compare by identity (they hold numpy arrays).
    """

    status: str
    message: str
    chosen: np.ndarray
    matched_per_class: tuple[int, ...]
    total_cost: int
    stats: dict


def solve_assignment(
    n_rows,
    n_cols,
    edge_row,
    edge_col,
    edge_cost,
    *,
    row_class=None,
    col_capacity=None,
    n_classes=None,
    method="auto",
    unique_edges=False,
    processes=1,
) -> AssignmentResult:
    """Choose edges that match rows to columns, most important classes first, then cheapest.

    A chosen set of edges is feasible when every row has at most one chosen edge
    and every column ``c`` at most ``col_capacity[c]``. Among feasible sets the
    result lexicographically maximises the number of matched rows of class 0,
    then of class 1, and so on, and then minimises the total cost. The answer is
    exact (integer min-cost flow) and deterministic; when several sets are
    optimal, which one is returned is fixed for a given input and method, and
    every method returns the same class counts and total cost.

    Parameters
    ----------
    n_rows, n_cols : int
        Numbers of rows and columns, each >= 0.
    edge_row, edge_col, edge_cost : array_like of int, 1-D, equal length
        The sparse list of allowed (row, column) pairs and their costs. Costs
        are integers in ``[0, 1_000_000)``. A pair may appear at most once.
    row_class : array_like of int, length n_rows, optional
        Importance class of each row, 0 most important, below 1000. Default: all 0.
    col_capacity : array_like of int, length n_cols, optional
        Maximum number of rows per column, each >= 0. Default: all 1.
    n_classes : int, optional
        Length of ``matched_per_class``; default ``max(row_class) + 1`` (or 1).
        Pass it to get a fixed-length tuple even when a class has no rows.
    method : {"auto", "ortools", "scipy", "networkx"}
        Solver. ``"auto"`` is OR-Tools. ``"networkx"`` is pure Python and only
        for small instances (tests use it as an independent implementation).
    unique_edges : bool
        ``True`` when the caller guarantees that no (row, column) pair repeats;
        skips that check, a sort of every edge (2 s on 24 million edges).
    processes : int
        With more than 1 (and OR-Tools), independent parts of a large problem are
        solved in that many forked processes at once (POSIX only); same answer.

    Returns
    -------
    AssignmentResult
        ``chosen`` holds the ascending int64 indices of the chosen edges.

    Raises
    ------
    ValueError
        When an argument is invalid (the message names it), or when the costs
        are too large for the chosen method to stay exact.

    Examples
    --------
    Row 1 is the most important and can only use column 0, so row 0 loses it
    even though row 0 would pay more elsewhere:

    >>> result = solve_assignment(
    ...     3, 2, edge_row=[0, 1, 2, 2], edge_col=[0, 0, 0, 1], edge_cost=[5, 1, 7, 3],
    ...     row_class=[1, 0, 1],
    ... )
    >>> result.chosen.tolist(), result.matched_per_class, result.total_cost
    ([1, 3], (1, 1), 4)
    >>> result.message
    'matched 2 of 3 rows (per class: 1, 1), total cost 4'
    """
    started = time.perf_counter()
    problem = validate_assignment_input(
        n_rows, n_cols, edge_row, edge_col, edge_cost, row_class, col_capacity, n_classes, method,
        unique_edges=unique_edges,
    )
    solver_name = "ortools" if method == "auto" else method
    seconds = {"validate": time.perf_counter() - started}

    if solver_name == "ortools":
        chosen, model = _solve_with_quotas(problem, seconds, processes)
    else:
        module, name = SOLVERS[solver_name].split(":")
        solve = getattr(import_module(module), name)
        chosen, model = _solve_with_penalties(problem, solve, seconds)

    matched = np.bincount(problem.row_class[problem.edge_row[chosen]], minlength=problem.n_classes)
    per_class = tuple(int(count) for count in matched)
    total_cost = int(problem.edge_cost[chosen].sum())
    counts = ", ".join(str(count) for count in per_class)
    return AssignmentResult(
        status="optimal",
        message=(
            f"matched {chosen.size} of {problem.n_rows} rows "
            f"(per class: {counts}), total cost {total_cost}"
        ),
        chosen=chosen.astype(np.int64),
        matched_per_class=per_class,
        total_cost=total_cost,
        stats={
            "solver": solver_name,
            "seconds": seconds,
            "rows": problem.n_rows,
            "cols": problem.n_cols,
            "edges": int(problem.edge_row.size),
            **model,
        },
    )


def _solve_with_quotas(problem, seconds: dict, processes: int) -> tuple[np.ndarray, dict]:
    """OR-Tools on the two-step model of ``algorithms.quota_flow``."""
    started = time.perf_counter()
    n_components, labels = row_components(problem)
    seconds["build"] = time.perf_counter() - started
    started = time.perf_counter()
    chosen = solve_by_components(problem, labels, processes=processes)
    seconds["solve"] = time.perf_counter() - started
    return chosen, {"components": n_components, "usable_edges": int(problem.active.size)}


def _solve_with_penalties(problem, solve, seconds: dict) -> tuple[np.ndarray, dict]:
    """Solve the single-objective model of ``algorithms.lexicographic`` with ``solve``."""
    started = time.perf_counter()
    n_components, labels = row_components(problem)
    penalty = unmatched_penalty(problem, labels)
    network = build_flow_network(problem, penalty)
    seconds["build"] = time.perf_counter() - started
    started = time.perf_counter()
    if network.n_edge_arcs:
        chosen = np.sort(network.edge_of_arc[solve(network)])
    else:
        chosen = np.zeros(0, dtype=np.int64)
    seconds["solve"] = time.perf_counter() - started
    return chosen, {
        "components": n_components,
        "usable_edges": network.n_edge_arcs,
        "flow_nodes": network.n_nodes,
        "flow_arcs": int(network.tails.size),
        "largest_penalty": int(penalty.max(initial=0)),
    }
