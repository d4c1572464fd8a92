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
from algorithms.forked import can_fork, run_shares
from algorithms.pruning import KEEP_PER_ROW, solve_pruned
from algorithms.quota_flow import solve_batch

# Components are solved together until a batch holds about this many edges.
BATCH_EDGES = 20_000
# Up to this many batches, each batch's edges are found by a comparison over all edges.
FEW_BATCHES = 64
# Fork a second process only from this many usable edges: below, forking and the
# second pass over the edges cost more than they save (a regional run solves in 0.02 s).
PARALLEL_FROM = 1_000_000
# Prune a batch only when rows have this many times KEEP_PER_ROW edges on average.
# Measured: national regions (~64 per row) solve a little faster pruned since the
# near-zero reduced costs are added each round (algorithms.pruning.NEAR_COST);
# cross-region online (~480 per row) twice as fast pruned, or more.
PRUNE_FROM = 4


def solve_by_components(
    problem: AssignmentInput, row_label: np.ndarray, *, processes: int = 1
) -> np.ndarray:
    """Ascending indices of the chosen edges; ``row_label`` gives each row's component.

    Batches with very many edges per row are solved on their cheapest edges and proven
    optimal (:mod:`algorithms.pruning`); the others directly. With ``processes`` > 1
    and enough edges, the batches are shared out over that many processes
    (:mod:`algorithms.forked`), largest first; the answer is the same.
    """
    if not problem.active.size:
        return np.zeros(0, dtype=np.int64)
    edge_batch = _batch_numbers(problem, row_label)
    sizes = np.bincount(edge_batch)
    if np.count_nonzero(sizes) == 1 and problem.active.size == problem.edge_row.size:
        # One batch of every edge (one large component): solved as it is, without
        # renumbered copies of every edge (400 MB on a cross-region run).
        del edge_batch
        return np.sort(_solved_alone(problem))
    if processes > 1 and can_fork() and problem.active.size >= PARALLEL_FROM:
        shares = _shares(sizes, processes)
        if len(shares) > 1:
            chosen = run_shares(lambda share: _solved(problem, edge_batch, share), shares)
            return np.sort(np.concatenate(chosen))
    return np.sort(_solved(problem, edge_batch, np.flatnonzero(sizes)))


def _solved(problem: AssignmentInput, edge_batch: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The chosen edges (int64, unsorted) of the batches numbered in ``share``."""
    chosen = [np.zeros(0, dtype=np.int64)]
    for batch in component_batches(problem, edge_batch, share):
        chosen.append(batch.edge_of[_solved_alone(batch.problem)])
    return np.concatenate(chosen).astype(np.int64)


def _solved_alone(problem: AssignmentInput) -> np.ndarray:
    """The chosen edges of a problem whose edges are all usable: pruned when its rows
    with edges have many each, else directly."""
    rows_with_edges = np.count_nonzero(np.bincount(problem.edge_row, minlength=problem.n_rows))
    if problem.edge_row.size >= PRUNE_FROM * KEEP_PER_ROW * rows_with_edges:
        return solve_pruned(problem)
    return solve_batch(problem)


def _shares(sizes: np.ndarray, processes: int) -> list[np.ndarray]:
    """The non-empty batches dealt out, largest first, each to the process with the
    fewest edges so far; processes left without a batch are dropped."""
    load = np.zeros(processes, dtype=np.int64)
    dealt: list[list[int]] = [[] for _ in range(processes)]
    for batch in np.argsort(-sizes, kind="stable").tolist():
        if sizes[batch]:
            least = int(np.argmin(load))
            dealt[least].append(batch)
            load[least] += sizes[batch]
    return [np.sort(np.array(share, dtype=np.int64)) for share in dealt if share]


@dataclass(frozen=True)
class Batch:
    """Some whole components as a problem of their own; ``edge_of`` maps its edges back."""

    problem: AssignmentInput
    edge_of: np.ndarray


def _batch_numbers(problem: AssignmentInput, row_label: np.ndarray) -> np.ndarray:
    """Each usable edge's batch (int32): whole components, about ``BATCH_EDGES`` edges
    or one large component each, numbered 0, 1, ... in the order of the components."""
    active = problem.active
    per_label = np.bincount(row_label[problem.edge_row[active]], minlength=row_label.max() + 1)
    # Renumbered: a large component skips numbers in the plain quotient.
    _, batch_of_label = np.unique((np.cumsum(per_label) - per_label) // BATCH_EDGES,
                                  return_inverse=True)
    return batch_of_label.astype(np.int32)[row_label][problem.edge_row[active]]


def component_batches(
    problem: AssignmentInput, edge_batch: np.ndarray, share: np.ndarray
) -> Iterator[Batch]:
    """The batches numbered in ``share`` (ascending), rows and columns renumbered.

    A generator, so that only one batch's arrays exist at a time.
    """
    for edges in _grouped(problem.active, edge_batch, share):
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


def _grouped(active: np.ndarray, edge_batch: np.ndarray, share: np.ndarray
             ) -> Iterator[np.ndarray]:
    """The edges of each batch in ``share``, ascending. With few batches (the regions
    of a national run) one comparison per batch over all edges, which needs no sort
    and no index arrays over every edge (on 51 million edges: 5 s and 600 MB less);
    with many, one stable sort, after which each batch is a slice (a view)."""
    if share.size <= FEW_BATCHES:
        for batch in share.tolist():
            yield active[edge_batch == batch]
        return
    by_batch = active[np.argsort(edge_batch, kind="stable")]
    ends = np.cumsum(np.bincount(edge_batch))
    starts = ends - np.bincount(edge_batch)
    for batch in share.tolist():
        yield by_batch[starts[batch] : ends[batch]]


def _renumbered(ids: np.ndarray, n_ids: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``ids`` ascending, and each id's position among them (int32):
    ``np.unique`` without its sort, which took seconds on a cross-region run."""
    present = np.flatnonzero(np.bincount(ids, minlength=n_ids))
    position = np.zeros(n_ids, dtype=np.int32)
    position[present] = np.arange(present.size, dtype=np.int32)
    return present, position[ids]
