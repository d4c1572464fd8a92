"""Compare the assignment solvers side by side on graphs shaped like Koppel's.

Pupils x volunteers, ~32 feasible volunteers per pupil, capacities 1-3, classes
urgent/high/normal at about 15/30/55 %, costs 0..2000, one connected component
(the hard case: real regions split into smaller components). Each (size,
candidate) runs in a fresh child process, so the peak memory figure (max RSS) is
its own. The table shows build and solve seconds, and whether every candidate
agrees with the first one on class counts and total cost.

    .venv/bin/python bench/solvers.py                 # all sizes
    .venv/bin/python bench/solvers.py --sizes small,medium
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from algorithms import solve_assignment  # noqa: E402
from algorithms.assignment_input import validate_assignment_input  # noqa: E402
from algorithms.flow_network import build_flow_network  # noqa: E402
from algorithms.lexicographic import row_components, unmatched_penalty  # noqa: E402

SIZES = {"small": (2_000, 800), "medium": (10_000, 4_000), "large": (50_000, 20_000)}
CANDIDATES = {
    "ortools": ("small", "medium", "large"),
    "scipy": ("small", "medium", "large"),
    "networkx": ("small",),
    "scipy-dense": ("small",),
}
OPTIONS_PER_PUPIL = 32
CLASS_SHARES = (0.15, 0.30, 0.55)


def koppel_shaped_graph(n_rows: int, n_cols: int, seed: int = 20240611) -> dict:
    """Random sparse instance; duplicate draws of a pair are dropped (about 1 %)."""
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n_rows), OPTIONS_PER_PUPIL)
    cols = rng.integers(0, n_cols, size=rows.size)
    pairs = np.unique(np.stack([rows, cols], axis=1), axis=0)
    return {
        "n_rows": n_rows,
        "n_cols": n_cols,
        "edge_row": pairs[:, 0],
        "edge_col": pairs[:, 1],
        "edge_cost": rng.integers(0, 2001, size=len(pairs)),
        "row_class": rng.choice(3, size=n_rows, p=CLASS_SHARES),
        "col_capacity": rng.integers(1, 4, size=n_cols),
    }


def solve_dense(graph: dict) -> tuple[tuple[int, ...], int, dict]:
    """The same flow model as a dense rectangular assignment (candidate only).

    Missing pairs get a finite cost above "everyone unmatched", never inf.
    """
    started = time.perf_counter()
    problem = validate_assignment_input(
        graph["n_rows"],
        graph["n_cols"],
        graph["edge_row"],
        graph["edge_col"],
        graph["edge_cost"],
        graph["row_class"],
        graph["col_capacity"],
        3,
        "auto",
    )
    network = build_flow_network(problem, unmatched_penalty(problem, row_components(problem)[1]))
    n_r, n_edges = network.n_row_nodes, network.n_edge_arcs
    slots = network.column_slots()
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    n_slots = int(first_slot[-1])
    penalties = network.row_penalties()
    matrix = np.full((n_r, n_slots + n_r), float(penalties.sum() + 1))
    rows, cols = network.tails[:n_edges], network.heads[:n_edges] - n_r
    for copy in range(int(slots.max())):
        has_copy = slots[cols] > copy
        matrix[rows[has_copy], first_slot[cols[has_copy]] + copy] = network.costs[:n_edges][
            has_copy
        ]
    matrix[np.arange(n_r), n_slots + np.arange(n_r)] = penalties
    built = time.perf_counter()
    row_ind, slot_ind = linear_sum_assignment(matrix)
    solved = time.perf_counter()
    real = slot_ind < n_slots
    row_of_node = np.unique(problem.edge_row[problem.active])
    per_class = np.bincount(problem.row_class[row_of_node[row_ind[real]]], minlength=3)
    cost = int(matrix[row_ind[real], slot_ind[real]].sum())
    seconds = {"build": built - started, "solve": solved - built, "matrix_mb": matrix.nbytes / 1e6}
    return tuple(int(c) for c in per_class), cost, seconds


def run_one(size: str, candidate: str) -> dict:
    """Solve one size with one candidate in this process and report figures."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    graph = koppel_shaped_graph(*SIZES[size])
    if candidate == "scipy-dense":
        per_class, cost, seconds = solve_dense(graph)
        extra = f"dense matrix {seconds.pop('matrix_mb'):.0f} MB"
    else:
        result = solve_assignment(**graph, n_classes=3, method=candidate)
        per_class, cost = result.matched_per_class, result.total_cost
        seconds = dict(result.stats["seconds"])
        seconds["build"] += seconds.pop("validate")
        stats = result.stats
        extra = (
            f"{stats['flow_nodes']} nodes, {stats['flow_arcs']} arcs" if "flow_nodes" in stats
            else f"quota flows over {stats['components']} components"
        )
    return {
        "edges": int(graph["edge_row"].size),
        "per_class": list(per_class),
        "cost": cost,
        "build": seconds["build"],
        "solve": seconds["solve"],
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) / 1024,
        "model": extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large", help="comma separated")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "CANDIDATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    print(
        f"{'size':<8}{'rows x cols':>13}{'edges':>9}  {'candidate':<12}"
        f"{'build s':>8}{'solve s':>8}{'rss MB':>7}{'+MB':>6}  {'class counts':<20}{'cost':>9}"
        f"  agrees  model"
    )
    for size in args.sizes.split(","):
        reference = None
        for candidate, sizes in CANDIDATES.items():
            if size not in sizes:
                continue
            child = subprocess.run(
                [sys.executable, __file__, "--one", size, candidate],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(child.stdout)
            answer = (row["per_class"], row["cost"])
            reference = reference or answer
            n_rows, n_cols = SIZES[size]
            print(
                f"{size:<8}{f'{n_rows}x{n_cols}':>13}{row['edges']:>9}  {candidate:<12}"
                f"{row['build']:>8.2f}{row['solve']:>8.2f}{row['max_rss_mb']:>7.0f}"
                f"{row['growth_mb']:>6.0f}  "
                f"{str(row['per_class']):<20}{row['cost']:>9}  "
                f"{'yes' if answer == reference else 'NO ':<6}  {row['model']}",
                flush=True,
            )
    print(
        "build = validation, components, penalties and model arrays; solve = the solver,"
        " including its own graph construction. rss = peak resident memory of the child"
        " process; +MB = its growth after the imports."
    )


if __name__ == "__main__":
    main()
