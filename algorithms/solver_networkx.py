"""Min-cost flow with networkx's network simplex: slow, pure Python, exact integers.

It is an independent implementation of the penalty model, useful to check
OR-Tools on small instances; it is not meant for production sizes.
"""

import networkx as nx
import numpy as np

from algorithms.flow_network import FlowNetwork


def solve_with_networkx(network: FlowNetwork) -> np.ndarray:
    """Return a boolean mask over the edge arcs of ``network``: True where flow is 1."""
    graph = nx.DiGraph()
    for node, supply in enumerate(network.supplies.tolist()):
        graph.add_node(node, demand=-supply)
    arcs = zip(
        network.tails.tolist(),
        network.heads.tolist(),
        network.capacities.tolist(),
        network.costs.tolist(),
        strict=True,
    )
    for tail, head, capacity, cost in arcs:
        graph.add_edge(tail, head, capacity=capacity, weight=cost)
    _, flows = nx.network_simplex(graph)
    n_edges = network.n_edge_arcs
    pairs = zip(network.tails[:n_edges].tolist(), network.heads[:n_edges].tolist(), strict=True)
    return np.array([flows[tail][head] > 0 for tail, head in pairs], dtype=bool)
