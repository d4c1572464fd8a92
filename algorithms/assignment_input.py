"""Validation of the sparse assignment input, and its reduction to the edges that matter.

Every check happens here, up front, so the solvers can trust their input and a
caller learns about a mistake from one exact message naming the argument.
"""

from dataclasses import dataclass

import numpy as np

MAX_EDGE_COST = 1_000_000
# Classes are importance levels, a handful in practice; the cap keeps the
# per-class answer (one count per class) from becoming a huge array by mistake.
MAX_CLASSES = 1000
METHODS = ("auto", "ortools", "scipy", "networkx")


@dataclass(frozen=True)
class AssignmentInput:
    """A validated instance. Edge arrays are int32 when the caller's values come in a
    type that fits (a national run has tens of millions of edges: no widening copy),
    else int64; per-row and per-column arrays are int64. Nothing here is ever
    written to, so arrays may share memory with the caller's.

    ``active`` lists the edges that could ever be chosen (their column has
    capacity); solvers work only on those.
    """

    n_rows: int
    n_cols: int
    edge_row: np.ndarray
    edge_col: np.ndarray
    edge_cost: np.ndarray
    row_class: np.ndarray
    col_capacity: np.ndarray
    n_classes: int
    active: np.ndarray


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer")
    return int(value)


def _integers(values, name: str, what: str) -> np.ndarray:
    """Return ``values`` as a 1-D int32 or int64 array (int32 when its type fits);
    floats are refused, even 2.0, because a fractional cost or index means the
    caller computed something else."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array")
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.dtype.kind not in "iu" or (array.dtype.kind == "u" and array.max() > 2**62):
        raise ValueError(f"{name} must be {what}")
    if np.can_cast(array.dtype, np.int32):
        return array.astype(np.int32, copy=False)
    return array.astype(np.int64, copy=False)


def _per_item(values, length: int, default: int, name: str, length_name: str) -> np.ndarray:
    if values is None:
        return np.full(length, default, dtype=np.int64)
    array = _integers(values, name, "non-negative integers").astype(np.int64)
    if array.size != length:
        raise ValueError(f"{name} must have length {length_name} ({length})")
    if array.size and array.min() < 0:
        raise ValueError(f"{name} must be non-negative integers")
    return array


def _usable(capacity: np.ndarray, edge_col: np.ndarray) -> np.ndarray:
    """Indices of the edges whose column has capacity, int32 when they fit (to halve
    what tens of millions cost); no gather of the capacities per edge."""
    has_room = capacity > 0
    small = edge_col.size < np.iinfo(np.int32).max
    if has_room.all():
        return np.arange(edge_col.size, dtype=np.int32 if small else np.int64)
    positions = np.flatnonzero(has_room[edge_col])
    return positions.astype(np.int32) if small else positions


def _reject_duplicates(edge_row: np.ndarray, edge_col: np.ndarray, n_cols: int) -> None:
    """Two edges for one (row, col) pair would make "the" cost of a pair ambiguous."""
    keys = edge_row.astype(np.int64)  # in place: one 8-byte key per edge, no more
    keys *= max(n_cols, 1)
    keys += edge_col
    keys.sort()
    if not (keys[1:] == keys[:-1]).any():
        return
    keys = edge_row.astype(np.int64) * max(n_cols, 1) + edge_col
    order = np.argsort(keys, kind="stable")
    first = order[np.flatnonzero(keys[order][1:] == keys[order][:-1])[0]]
    raise ValueError(
        f"duplicate edge (row {edge_row[first]}, col {edge_col[first]}): "
        "give each (row, col) pair at most once"
    )


def validate_assignment_input(
    n_rows, n_cols, edge_row, edge_col, edge_cost, row_class, col_capacity, n_classes, method,
    *, unique_edges: bool = False,
) -> AssignmentInput:
    """Check every argument of ``solve_assignment`` and return the normalised instance.

    ``unique_edges``: the caller guarantees each (row, col) pair at most once, so
    the check for duplicates (a sort of every edge: 2 s on 24 million) is skipped.
    Raises ``ValueError`` with a message that names the offending argument.
    """
    if method not in METHODS:
        raise ValueError("method must be one of " + ", ".join(repr(m) for m in METHODS))
    n_rows = _count(n_rows, "n_rows")
    n_cols = _count(n_cols, "n_cols")
    rows = _integers(edge_row, "edge_row", "integers")
    cols = _integers(edge_col, "edge_col", "integers")
    costs = _integers(edge_cost, "edge_cost", f"non-negative integers below {MAX_EDGE_COST}")
    if rows.size != cols.size:
        raise ValueError("edge_row and edge_col must have the same length")
    if costs.size != rows.size:
        raise ValueError("edge_cost must have the same length as edge_row")
    if rows.size and (rows.min() < 0 or rows.max() >= n_rows):
        raise ValueError(f"edge_row must hold row indices in [0, n_rows) = [0, {n_rows})")
    if cols.size and (cols.min() < 0 or cols.max() >= n_cols):
        raise ValueError(f"edge_col must hold column indices in [0, n_cols) = [0, {n_cols})")
    if costs.size and (costs.min() < 0 or costs.max() >= MAX_EDGE_COST):
        raise ValueError(f"edge_cost must be non-negative integers below {MAX_EDGE_COST}")
    if not unique_edges:
        _reject_duplicates(rows, cols, n_cols)
    classes = _per_item(row_class, n_rows, 0, "row_class", "n_rows")
    capacity = _per_item(col_capacity, n_cols, 1, "col_capacity", "n_cols")
    if n_classes is None:
        if classes.size and classes.max() >= MAX_CLASSES:
            raise ValueError(f"row_class must hold classes below {MAX_CLASSES}")
        n_classes = int(classes.max()) + 1 if classes.size else 1
    elif not 1 <= _count(n_classes, "n_classes") <= MAX_CLASSES:
        raise ValueError(f"n_classes must be between 1 and {MAX_CLASSES}")
    elif classes.size and classes.max() >= n_classes:
        raise ValueError(f"row_class must hold classes in [0, n_classes) = [0, {n_classes})")
    return AssignmentInput(
        n_rows=n_rows,
        n_cols=n_cols,
        edge_row=rows,
        edge_col=cols,
        edge_cost=costs,
        row_class=classes,
        col_capacity=capacity,
        n_classes=int(n_classes),
        active=_usable(capacity, cols),
    )
