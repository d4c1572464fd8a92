"""Min-cost flow with OR-Tools' cost-scaling push-relabel solver (the default method)."""

import numpy as np
from ortools.graph.python import min_cost_flow

from algorithms.flow_network import FlowNetwork
from algorithms.lexicographic import require_headroom

INT64_MAX = np.iinfo(np.int64).max


def solve_with_ortools(network: FlowNetwork) -> np.ndarray:
    """Return a boolean mask over the edge arcs of ``network``: True where flow is 1.

    OR-Tools multiplies every cost by (number of nodes + 1) and refuses costs
    above ``INT64_MAX / (2 * that factor)``; we check the same bound first so the
    caller gets a clear ``ValueError`` instead of a bare status code.
    """
    factor = 2 * (network.n_nodes + 1)
    require_headroom(int(network.costs.max(initial=0)), factor, INT64_MAX, "ortools")
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        network.tails, network.heads, network.capacities, network.costs
    )
    flow.set_nodes_supplies(np.arange(network.n_nodes, dtype=np.int64), network.supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min cost flow ended with status {status!r}")
    return flow.flows(arcs[: network.n_edge_arcs]) > 0
