"""Independent pieces: connected components solved one batch at a time.

Components share no row and no column, so each can be solved on its own; measured
on national instances, 12 regional pieces solve twice as fast as one graph (OR-Tools'
cost scaling needs fewer phases on fewer nodes, and the data stays in cache). Tiny
components are batched, so thousands of isolated pairs do not cost thousands of
solver calls; solving several components together is just as exact.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from algorithms.assignment_input import AssignmentInput
from algorithms.pruning import KEEP_PER_ROW, solve_pruned
from algorithms.quota_flow import solve_batch

# Components are solved together until a batch holds about this many edges.
BATCH_EDGES = 20_000
# Prune a batch only when rows have this many times KEEP_PER_ROW edges on average.
# Measured: national regions (~64 per row) solve a little faster pruned since the
# near-zero reduced costs are added each round (algorithms.pruning.NEAR_COST);
# cross-region online (~480 per row) twice as fast pruned, or more.
PRUNE_FROM = 4


def solve_by_components(problem: AssignmentInput, row_label: np.ndarray) -> np.ndarray:
    """Ascending indices of the chosen edges; ``row_label`` gives each row's component.

    Batches with very many edges per row are solved on their cheapest edges and proven
    optimal (:mod:`algorithms.pruning`); the others directly.
    """
    chosen = []
    for batch in component_batches(problem, row_label):
        sub = batch.problem
        prune = sub.edge_row.size >= PRUNE_FROM * KEEP_PER_ROW * sub.n_rows
        chosen.append(batch.edge_of[solve_pruned(sub) if prune else solve_batch(sub)])
    return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Batch:
    """Some whole components as a problem of their own; ``edge_of`` maps its edges back."""

    problem: AssignmentInput
    edge_of: np.ndarray


def component_batches(problem: AssignmentInput, row_label: np.ndarray) -> Iterator[Batch]:
    """The usable edges split into batches of whole components, about
    ``BATCH_EDGES`` edges or one large component each, rows and columns renumbered.

    A generator, so that only one batch's arrays exist at a time.
    """
    active = problem.active
    if not active.size:
        return
    per_label = np.bincount(row_label[problem.edge_row[active]], minlength=row_label.max() + 1)
    batch_of_row = ((np.cumsum(per_label) - per_label) // BATCH_EDGES)[row_label]
    edge_batch = batch_of_row.astype(np.int32)[problem.edge_row[active]]
    # Stable, so each batch's edges stay ascending; its edges are then a slice (a view).
    by_batch = active[np.argsort(edge_batch, kind="stable")]
    ends = np.cumsum(np.bincount(edge_batch))
    del edge_batch, batch_of_row
    for start, end in zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(), strict=True):
        if start == end:
            continue
        edges = by_batch[start:end]
        rows, local_row = _renumbered(problem.edge_row[edges], problem.n_rows)
        cols, local_col = _renumbered(problem.edge_col[edges], problem.n_cols)
        yield Batch(
            AssignmentInput(
                n_rows=rows.size, n_cols=cols.size, edge_row=local_row, edge_col=local_col,
                edge_cost=problem.edge_cost[edges], row_class=problem.row_class[rows],
                col_capacity=problem.col_capacity[cols], n_classes=problem.n_classes,
                active=np.arange(edges.size, dtype=np.int32),
            ),
            edges,
        )


def _renumbered(ids: np.ndarray, n_ids: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``ids`` ascending, and each id's position among them (int32):
    ``np.unique`` without its sort, which took seconds on a cross-region run."""
    present = np.flatnonzero(np.bincount(ids, minlength=n_ids))
    position = np.zeros(n_ids, dtype=np.int32)
    position[present] = np.arange(present.size, dtype=np.int32)
    return present, position[ids]
