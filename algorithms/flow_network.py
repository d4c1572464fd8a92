"""The assignment as a min-cost flow network, in plain arrays any flow solver can read.

Nodes: one per row that has a usable edge (supply 1), one per column that has a
usable edge, and a sink that absorbs every unit. Arcs, in this order:

1. one per usable edge, row -> column, capacity 1, cost = edge cost;
2. one per column, column -> sink, capacity = min(capacity, degree), cost 0;
3. one per row, row -> sink, capacity 1, cost = the row's unmatched penalty.

Arcs of kind 3 make every instance feasible (a row may stay unmatched) and carry
the lexicographic priority (see ``algorithms.lexicographic``). All costs are
non-negative, so no solver has to cope with negative cycles.
"""

from dataclasses import dataclass

import numpy as np

from algorithms.assignment_input import AssignmentInput


@dataclass(frozen=True)
class FlowNetwork:
    """Arc arrays (int64) of the network described in the module docstring.

    ``edge_of_arc[i]`` is the input edge index of arc ``i`` for ``i < n_edge_arcs``.
    Row nodes are ``0 .. n_row_nodes - 1``, column nodes follow, the sink is last.
    """

    n_row_nodes: int
    n_col_nodes: int
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supplies: np.ndarray
    edge_of_arc: np.ndarray

    @property
    def n_nodes(self) -> int:
        """Rows, columns and the sink."""
        return self.n_row_nodes + self.n_col_nodes + 1

    @property
    def n_edge_arcs(self) -> int:
        """Number of leading arcs that stand for input edges."""
        return int(self.edge_of_arc.size)

    def column_slots(self) -> np.ndarray:
        """Capacity of the column -> sink arc of each column node."""
        start = self.n_edge_arcs
        return self.capacities[start : start + self.n_col_nodes]

    def row_penalties(self) -> np.ndarray:
        """Cost of the row -> sink (unmatched) arc of each row node."""
        return self.costs[self.n_edge_arcs + self.n_col_nodes :]


def column_slots(problem: AssignmentInput, cols_used: np.ndarray, col_index: np.ndarray):
    """Capacity of each used column, capped at its degree: more slots can never fill.

    The cap keeps replicated-column formulations small even for huge capacities.
    """
    degree = np.bincount(col_index, minlength=cols_used.size)
    return np.minimum(problem.col_capacity[cols_used], degree)


def build_flow_network(problem: AssignmentInput, penalty: np.ndarray) -> FlowNetwork:
    """Build the network for the usable edges of ``problem`` and per-row ``penalty``."""
    edges = problem.active
    rows_used, row_index = np.unique(problem.edge_row[edges], return_inverse=True)
    cols_used, col_index = np.unique(problem.edge_col[edges], return_inverse=True)
    n_r, n_c = rows_used.size, cols_used.size
    sink = n_r + n_c
    row_nodes = np.arange(n_r, dtype=np.int64)
    col_nodes = np.arange(n_r, sink, dtype=np.int64)
    tails = np.concatenate([row_index, col_nodes, row_nodes])
    heads = np.concatenate([n_r + col_index, np.full(n_c + n_r, sink, dtype=np.int64)])
    capacities = np.concatenate(
        [
            np.ones(edges.size, dtype=np.int64),
            column_slots(problem, cols_used, col_index),
            np.ones(n_r, dtype=np.int64),
        ]
    )
    costs = np.concatenate(
        [problem.edge_cost[edges], np.zeros(n_c, dtype=np.int64), penalty[rows_used]]
    )
    supplies = np.concatenate([np.ones(n_r, dtype=np.int64), np.zeros(n_c + 1, dtype=np.int64)])
    supplies[sink] = -n_r
    return FlowNetwork(
        n_row_nodes=n_r,
        n_col_nodes=n_c,
        tails=tails.astype(np.int64),
        heads=heads.astype(np.int64),
        capacities=capacities,
        costs=costs,
        supplies=supplies,
        edge_of_arc=edges,
    )
