"""Independent oracles and instance generators for the assignment tests.

Nothing here reuses the code under test: the brute force enumerates edge subsets,
the MILP oracle optimises one criterion at a time with HiGHS.
"""

from itertools import combinations

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array


def random_instance(rng, n_rows, n_cols, options_per_row, n_classes=3, max_cost=2000):
    """A random sparse instance as keyword arguments for ``solve_assignment``."""
    rows = np.repeat(np.arange(n_rows), options_per_row)
    cols = rng.integers(0, n_cols, size=rows.size)
    pairs = np.unique(np.stack([rows, cols], axis=1), axis=0).reshape(-1, 2)
    return {
        "n_rows": n_rows,
        "n_cols": n_cols,
        "edge_row": pairs[:, 0],
        "edge_col": pairs[:, 1],
        "edge_cost": rng.integers(0, max_cost + 1, size=len(pairs)),
        "row_class": rng.integers(0, n_classes, size=n_rows),
        "col_capacity": rng.integers(0, 4, size=n_cols),
        "n_classes": n_classes,
    }


@st.composite
def small_instances(draw, max_rows=6, max_cols=4, max_edges=9, max_cost=20):
    """Hypothesis strategy for instances small enough to enumerate every edge subset."""
    n_rows = draw(st.integers(0, max_rows))
    n_cols = draw(st.integers(0, max_cols))
    every_pair = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    pairs = (
        draw(st.lists(st.sampled_from(every_pair), unique=True, max_size=max_edges))
        if (every_pair)
        else []
    )
    n_classes = draw(st.integers(1, 3))
    return {
        "n_rows": n_rows,
        "n_cols": n_cols,
        "edge_row": np.array([r for r, _ in pairs], dtype=np.int64),
        "edge_col": np.array([c for _, c in pairs], dtype=np.int64),
        "edge_cost": np.array(
            draw(st.lists(st.integers(0, max_cost), min_size=len(pairs), max_size=len(pairs))),
            dtype=np.int64,
        ),
        "row_class": np.array(
            draw(st.lists(st.integers(0, n_classes - 1), min_size=n_rows, max_size=n_rows)),
            dtype=np.int64,
        ),
        "col_capacity": np.array(
            draw(st.lists(st.integers(0, 3), min_size=n_cols, max_size=n_cols)), dtype=np.int64
        ),
        "n_classes": n_classes,
    }


def is_feasible(instance, chosen) -> bool:
    """At most one chosen edge per row, at most capacity per column."""
    rows = np.bincount(instance["edge_row"][chosen], minlength=instance["n_rows"])
    cols = np.bincount(instance["edge_col"][chosen], minlength=instance["n_cols"])
    return bool((rows <= 1).all() and (cols <= instance["col_capacity"]).all())


def score(instance, chosen) -> tuple[tuple[int, ...], int]:
    """Class counts and total cost of a set of chosen edge indices."""
    chosen = np.asarray(chosen, dtype=np.int64)
    classes = instance["row_class"][instance["edge_row"][chosen]]
    counts = np.bincount(classes, minlength=instance["n_classes"])
    return tuple(int(c) for c in counts), int(instance["edge_cost"][chosen].sum())


def brute_force(instance) -> tuple[tuple[int, ...], int]:
    """Best (class counts, total cost) over every feasible subset of edges."""
    n_edges = len(instance["edge_row"])
    best = None
    for size in range(n_edges + 1):
        for subset in combinations(range(n_edges), size):
            if not is_feasible(instance, list(subset)):
                continue
            counts, cost = score(instance, list(subset))
            key = (tuple(-c for c in counts), cost)
            best = key if best is None or key < best else best
    return tuple(-c for c in best[0]), best[1]


def milp_lexicographic(instance) -> tuple[tuple[int, ...], int]:
    """Optimise class 0, fix it, class 1, fix it, ..., then cost, each as a HiGHS MILP."""
    rows, cols = instance["edge_row"], instance["edge_col"]
    n_edges = len(rows)
    ones = np.ones(n_edges)
    edges = np.arange(n_edges)
    row_sum = coo_array((ones, (rows, edges)), shape=(instance["n_rows"], n_edges))
    col_sum = coo_array((ones, (cols, edges)), shape=(instance["n_cols"], n_edges))
    constraints = [
        LinearConstraint(row_sum, 0, 1),
        LinearConstraint(col_sum, 0, instance["col_capacity"]),
    ]
    classes = instance["row_class"][rows]
    counts = []
    for k in range(instance["n_classes"]):
        in_class = (classes == k).astype(float)
        found = milp(-in_class, constraints=constraints, integrality=ones, bounds=Bounds(0, 1))
        best = round(-found.fun)
        counts.append(best)
        constraints.append(LinearConstraint(in_class, best, best))
    found = milp(
        instance["edge_cost"].astype(float),
        constraints=constraints,
        integrality=ones,
        bounds=Bounds(0, 1),
    )
    return tuple(counts), round(found.fun)
