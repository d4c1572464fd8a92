"""Turn "more rows of each class first, then lower cost" into one exact min-cost objective.

Why one weighted objective is exact: the sets of rows that can be matched at the
same time are the independent sets of a transversal matroid (columns replicated
by their capacity). If leaving row r unmatched costs ``B(r) = level(r) * D``,
where ``level`` is 1 for the least important class present and rises by one per
more important class, then ``sum of B over matched rows = D * (N_0 + N_1 + ...)``
with ``N_k`` the number of matched rows of classes 0..k. The matroid greedy
algorithm reaches the maximum of every ``N_k`` at once, so a matching that misses
any of those maxima loses at least ``D``; with ``D`` larger than any possible total
edge cost, no saving in cost can buy that back, and among the matchings that
reach every maximum the objective is just the total cost.

The problem splits into connected components, so ``D`` and ``level`` are computed
per component: that keeps the numbers as small as possible, far from int64 limits.
"""

import numpy as np

from algorithms.assignment_input import AssignmentInput

COMPONENT_SLICE = 1 << 22  # edges joined per step of row_components
# Up to this many usable edges, components are found by label propagation in numpy:
# importing scipy.sparse.csgraph took longer (0.1-0.3 s) than a regional run's solve.
SMALL_GRAPH_EDGES = 1 << 17


def row_components(problem: AssignmentInput) -> tuple[int, np.ndarray]:
    """Label each row with its connected component in the graph of usable edges.

    Returns ``(n_components, labels)``; a row without usable edges is a component
    of its own. Columns share the label space but are not returned.

    The edges are read in slices, each joining the components found so far, so the
    graph handed to scipy stays small: on tens of millions of edges, one graph
    (and the transposed copy scipy makes) cost more memory than the rest of a run.
    """
    size = problem.n_rows + problem.n_cols
    if size == 0:
        return 0, np.zeros(0, dtype=np.int64)
    if problem.active.size <= SMALL_GRAPH_EDGES:
        return _propagated_components(problem)
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    label = np.arange(size, dtype=np.int32)
    count = size
    active = problem.active
    for first in range(0, active.size, COMPONENT_SLICE):
        edges = active[first : first + COMPONENT_SLICE]
        tails = label[problem.edge_row[edges]]
        heads = label[problem.n_rows + problem.edge_col[edges]]
        # After the first slices most edges join nodes already in one component.
        apart = tails != heads
        tails, heads = tails[apart], heads[apart]
        ones = np.ones(tails.size, dtype=np.int8)
        graph = coo_array((ones, (tails, heads)), shape=(count, count))
        count, joined = connected_components(graph, directed=False)
        label = joined.astype(np.int32)[label]
    return int(count), label[: problem.n_rows].astype(np.int64)


def _propagated_components(problem: AssignmentInput) -> tuple[int, np.ndarray]:
    """:func:`row_components` for small graphs, with the same labels: each node takes
    the smallest node number of its component (each edge lowers both ends to the
    smaller label, then labels follow their own label), and the components are
    numbered in the order of their smallest node, as scipy numbers them."""
    tails = problem.edge_row[problem.active]
    heads = problem.n_rows + problem.edge_col[problem.active]
    label = np.arange(problem.n_rows + problem.n_cols, dtype=np.int64)
    while True:
        lower = np.minimum(label[tails], label[heads])
        joined = label.copy()
        np.minimum.at(joined, tails, lower)
        np.minimum.at(joined, heads, lower)
        joined = joined[joined]
        if np.array_equal(joined, label):
            break
        label = joined
    smallest, rank = np.unique(label, return_inverse=True)
    return int(smallest.size), rank[: problem.n_rows].astype(np.int64)


def unmatched_penalty(problem: AssignmentInput, labels: np.ndarray) -> np.ndarray:
    """Cost of leaving each row unmatched, per the module docstring (int64, len n_rows).

    Rows without usable edges get 0: they can never be matched anyway.
    """
    rows = problem.edge_row[problem.active]
    costs = problem.edge_cost[problem.active]
    penalty = np.zeros(problem.n_rows, dtype=np.int64)
    if rows.size == 0:
        return penalty
    row_max = np.zeros(problem.n_rows, dtype=np.int64)
    np.maximum.at(row_max, rows, costs)
    big_d = np.zeros(int(labels.max()) + 1, dtype=np.int64)
    np.add.at(big_d, labels, row_max)
    big_d += 1

    used = np.unique(rows)
    pairs, pair_of_row = np.unique(
        np.stack([labels[used], problem.row_class[used]], axis=1), axis=0, return_inverse=True
    )
    # pairs are sorted by component, then class ascending (most important first):
    # a class's level is the number of classes present in its component from it onwards.
    component_end = np.searchsorted(pairs[:, 0], pairs[:, 0], side="right")
    level = component_end - np.arange(len(pairs))
    penalty[used] = level[pair_of_row.ravel()] * big_d[labels[used]]
    return penalty


def require_headroom(largest: int, factor: int, limit: int, method: str) -> None:
    """Refuse loudly when ``largest * factor`` would exceed what ``method`` computes exactly.

    Solvers multiply costs internally (OR-Tools scales them by the node count;
    scipy works in float64), so the limit depends on the method.
    """
    if largest * factor > limit:
        raise ValueError(
            f"instance too large for exact solving with method={method!r}: "
            f"largest internal cost {largest} times {factor} exceeds {limit}; "
            "split the instance or lower the costs"
        )
