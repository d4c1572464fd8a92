"""The flow network as a sparse rectangular assignment for scipy's LAPJVsp.

``min_weight_full_bipartite_matching`` matches every row, so each row gets a
private "unmatched" column priced at its penalty (finite padding, never inf),
and each column is replicated once per slot. Weights are shifted by +1 because
scipy needs non-zero weights; every row is matched exactly once, so the shift
adds the same constant to every candidate and changes nothing.
"""

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from algorithms.flow_network import FlowNetwork
from algorithms.lexicographic import require_headroom

FLOAT64_EXACT = 2**53


def solve_with_scipy(network: FlowNetwork) -> np.ndarray:
    """Return a boolean mask over the edge arcs of ``network``: True where chosen.

    scipy computes in float64, which holds integers exactly up to 2**53; path
    lengths can reach the largest weight times the node count, so we check that.
    """
    n_r, n_edges = network.n_row_nodes, network.n_edge_arcs
    rows = network.tails[:n_edges]
    cols = network.heads[:n_edges] - n_r
    slots = network.column_slots()
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    n_slots = int(first_slot[-1])
    largest = int(network.costs.max(initial=0)) + 1
    require_headroom(largest, n_slots + 2 * n_r, FLOAT64_EXACT, "scipy")

    copies = slots[cols]
    arc = np.repeat(np.arange(n_edges), copies)
    offset_in_column = np.arange(arc.size) - np.repeat(np.cumsum(copies) - copies, copies)
    slot_col = first_slot[cols[arc]] + offset_in_column
    matrix = csr_array(
        (
            np.concatenate([network.costs[arc] + 1, network.row_penalties() + 1]).astype(float),
            (
                np.concatenate([rows[arc], np.arange(n_r)]),
                np.concatenate([slot_col, n_slots + np.arange(n_r)]),
            ),
        ),
        shape=(n_r, n_slots + n_r),
    )
    matched_rows, matched_slots = min_weight_full_bipartite_matching(matrix)
    chosen = np.zeros(n_edges, dtype=bool)
    real = matched_slots < n_slots
    column_of_slot = np.searchsorted(first_slot, matched_slots[real], side="right") - 1
    # Edges are unique per (row, column), so the pair identifies the arc.
    keys = rows * network.n_col_nodes + cols
    order = np.argsort(keys)
    wanted = matched_rows[real] * network.n_col_nodes + column_of_slot
    chosen[order[np.searchsorted(keys[order], wanted)]] = True
    return chosen
