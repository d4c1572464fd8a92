"""Solve on each row's cheapest edges, then prove the answer optimal on all edges.

A national run with cross-region online pairs has hundreds of candidates per row,
while an optimum uses few of them. So a large batch is solved on the ``keep``
cheapest edges of each row (ties by edge index) and then checked against every
edge left out; edges that fail a check are added and the step is repeated, until
nothing fails. The checks are the classical optimality certificates, so the answer
is exact, not a heuristic:

* **Quotas** (max flows, :func:`algorithms.quota_flow.class_quotas`): a flow is
  maximum when the nodes reachable from the source in its residual graph do not
  include the sink. A left-out edge from a reachable row to an unreachable column
  would add a residual arc across that cut; when there is none, the cut is a cut of
  the full graph too, and the flow is maximum there as well.
* **Cost** (the min-cost flow with those quotas): a flow is cheapest when node
  potentials ``d`` exist with ``cost + d[tail] - d[head] >= 0`` on every residual
  arc. Shortest-path distances in the residual graph of the pruned optimum (no
  negative cycle there, by its optimality) are such potentials for the arcs it
  has; a left-out edge, unused, adds only its forward arc, so checking that arc's
  reduced cost is all that remains.

Columns keep the slots of the full graph throughout, so the residual graphs differ
only by the left-out edges.
"""

import numpy as np

from algorithms.assignment_input import AssignmentInput
from algorithms.quota_flow import EdgeSet, cheapest_flow_with_quotas, class_quotas

# Edges kept per row in the first round (algorithms.components decides which batches
# are worth pruning). Each later round adds, per row, at most
# ADD_PER_ROW of the edges that failed a check (the cheapest, or the most negative
# reduced cost): enough to fix the certificate, few enough to keep the flows small.
KEEP_PER_ROW = 6
ADD_PER_ROW = 16
# Left-out edges whose reduced cost is below this are added too, not only the negative
# ones (see _reduced_cost_test). Measured on cross-region online: rounds 6 → 3, solve
# CPU 21.6 s → 13.4 s; on a national region 1.4 s (unpruned) → 0.8-1.0 s.
NEAR_COST = 50_000
SCAN_EDGES = 1 << 21  # edges checked per numpy step, bounding temporary memory


def first_per_row(rows: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` lowest-scored entries of each row (ties by position).

    Row, score and position are packed into one int64 key when they fit, because
    sorting plain integers is several times faster than a lexsort (measured on the
    24 million edges of a cross-region run: 0.6 s instead of 3 s).
    """
    if not rows.size:
        return np.zeros(0, dtype=np.int64)
    low = int(score.min())
    bits = [int(rows.max()).bit_length(), (int(score.max()) - low).bit_length(),
            (rows.size - 1).bit_length()]
    if sum(bits) <= 63:
        key = rows.astype(np.int64)  # built in place: on 24 million edges, each
        key <<= bits[1]  # temporary copy would cost 190 MB
        key |= score - low
        key <<= bits[2]
        key |= np.arange(rows.size, dtype=np.int32)
        key.sort()
        key &= (1 << bits[2]) - 1
        order = key
        grouped = rows[order]
    else:
        order = np.lexsort((score, rows))
        grouped = rows[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    del grouped
    rank = np.arange(order.size, dtype=np.int32)
    rank -= np.repeat(starts.astype(np.int32), np.diff(np.r_[starts, order.size]))
    return np.sort(order[rank < limit])


def solve_pruned(
    problem: AssignmentInput, keep: int | None = None, near_cost: int | None = None
) -> np.ndarray:
    """Indices of the chosen edges of a problem whose edges are all usable, exactly
    as :func:`algorithms.quota_flow.solve_batch` would find them in cost and counts.

    ``keep`` (default ``KEEP_PER_ROW``) and ``near_cost`` (default ``NEAR_COST``) tune
    only the speed; tests force them to extremes.
    """
    slots = EdgeSet.of(problem, problem.active).slots
    kept = np.zeros(problem.edge_row.size, dtype=bool)
    _keep_cheapest(problem, KEEP_PER_ROW if keep is None else keep, kept)
    n_rows = problem.n_rows
    proven = None
    while True:
        quotas, crossing = class_quotas(
            problem, EdgeSet(np.flatnonzero(kept), slots),
            crossing=lambda reachable: _left_out(
                problem, kept,
                lambda row, col, cost: reachable[row] & ~reachable[n_rows + col],
                lambda row, col, cost: cost,
            ),
            proven=proven,
        )
        if not crossing.size:
            break
        kept[crossing] = True
        proven = quotas
    while True:
        edges = np.flatnonzero(kept)
        used, _ = cheapest_flow_with_quotas(problem, EdgeSet(edges, slots), quotas)
        fails, reduced = _reduced_cost_test(
            _potentials(problem, slots, edges, used), n_rows,
            NEAR_COST if near_cost is None else near_cost,
        )
        near = _left_out(problem, kept, fails, reduced)
        # Each row's lowest reduced costs come first, so when none of them is negative,
        # no left-out edge is: the flow is cheapest on all edges.
        if not near.size or reduced(
            problem.edge_row[near], problem.edge_col[near], problem.edge_cost[near]
        ).min() >= 0:
            return edges[used]
        kept[near] = True


def _keep_cheapest(problem: AssignmentInput, keep: int, kept: np.ndarray) -> None:
    """Mark each row's ``keep`` cheapest edges in ``kept`` (ties by edge index).

    Each slice of ``SCAN_EDGES`` edges gives its own ``keep`` cheapest per row, and the
    cheapest of those are the answer: a row's overall cheapest are among its cheapest
    in their slice. Sorting all edges at once took 400 MB more; one pass over every
    edge per range of rows took seconds on a cross-region run.
    """
    found = [np.zeros(0, dtype=np.int64)]
    for first in range(0, kept.size, SCAN_EDGES):
        rows = problem.edge_row[first : first + SCAN_EDGES]
        costs = problem.edge_cost[first : first + SCAN_EDGES]
        found.append(first + first_per_row(rows, costs, keep))
    some = np.concatenate(found)
    kept[some[first_per_row(problem.edge_row[some], problem.edge_cost[some], keep)]] = True


def _left_out(problem: AssignmentInput, kept: np.ndarray, fails, score) -> np.ndarray:
    """Up to ``ADD_PER_ROW`` left-out edges per row for which ``fails(row, col, cost)``
    holds, lowest ``score`` first; scanned in slices to bound memory."""
    found = [np.zeros(0, dtype=np.int64)]
    for first in range(0, kept.size, SCAN_EDGES):
        part = slice(first, first + SCAN_EDGES)
        row, col, cost = problem.edge_row[part], problem.edge_col[part], problem.edge_cost[part]
        found.append(first + np.flatnonzero(fails(row, col, cost) & ~kept[part]))
    failing = np.concatenate(found)
    if not failing.size:
        return failing
    row, col = problem.edge_row[failing], problem.edge_col[failing]
    scores = score(row, col, problem.edge_cost[failing])
    return failing[first_per_row(row, scores, ADD_PER_ROW)]


def _reduced_cost_test(distance: np.ndarray, n_rows: int, near_cost: int):
    """``fails`` and ``score`` for :func:`_left_out`: a reduced cost below ``near_cost``.

    Only a negative one breaks the certificate; the edges just above zero are added
    with them because the prices of the next round move by about that much, and
    each round saved is a whole min-cost flow.
    """

    def reduced(row, col, cost):
        return cost + distance[row] - distance[n_rows + col]

    return (lambda row, col, cost: reduced(row, col, cost) < near_cost), reduced


def _potentials(
    problem: AssignmentInput, slots: np.ndarray, edges: np.ndarray, used: np.ndarray
) -> np.ndarray:
    """Node potentials proving the flow ``used`` on ``edges`` optimal there: shortest
    distances in its residual graph (node numbers as in :mod:`algorithms.quota_flow`)."""
    n_rows, n_cols = problem.n_rows, problem.n_cols
    sink = n_rows + n_cols
    row, col = problem.edge_row[edges], problem.edge_col[edges] + n_rows
    cost = problem.edge_cost[edges]
    matched = np.zeros(n_rows, dtype=bool)
    matched[row[used]] = True
    load = np.bincount(col[used] - n_rows, minlength=n_cols)
    has_edges = np.flatnonzero(np.bincount(row, minlength=n_rows))
    source = sink + 1 + problem.row_class[has_edges]
    is_matched = matched[has_edges]
    cols = np.arange(n_rows, sink)
    tails = np.concatenate([
        row[~used], col[used],
        np.where(is_matched, has_edges, source), cols[load < slots],
        np.full(int((load > 0).sum()), sink),
    ])
    heads = np.concatenate([
        col[~used], row[used],
        np.where(is_matched, source, has_edges), np.full(int((load < slots).sum()), sink),
        cols[load > 0],
    ])
    weights = np.zeros(tails.size, dtype=np.int64)
    weights[: edges.size] = np.concatenate([cost[~used], -cost[used]])
    return _distances(tails, heads, weights, sink + 1 + problem.n_classes)


def _distances(tails: np.ndarray, heads: np.ndarray, weights: np.ndarray, n_nodes: int):
    """Shortest-path distances from a virtual root joined to every node by a 0-cost
    arc, in a graph with negative arcs but no negative cycle (int64).

    Label correcting, one numpy step per round that relaxes only the arcs leaving
    nodes whose distance changed in the round before. Sweeping all arcs every round
    (scipy's Bellman-Ford) was measured 20x slower: the alternating paths of an
    assignment are thousands of arcs long, but few nodes change per round.
    """
    order = np.argsort(tails, kind="stable")
    tails, heads, weights = tails[order], heads[order], weights[order]
    first = np.concatenate([[0], np.cumsum(np.bincount(tails, minlength=n_nodes))])
    distance = np.zeros(n_nodes, dtype=np.int64)
    changed = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        counts = first[changed + 1] - first[changed]
        arcs = np.repeat(first[changed] - np.cumsum(counts) + counts, counts) + np.arange(
            counts.sum()
        )
        reach = distance[tails[arcs]] + weights[arcs]
        better = reach < distance[heads[arcs]]
        if not better.any():
            return distance
        target, reach = heads[arcs[better]], reach[better]
        np.minimum.at(distance, target, reach)
        changed = np.unique(target)
    raise ValueError("negative cycle in the residual graph: the flow was not optimal")
