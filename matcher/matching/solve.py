"""The use case: match an instance — candidates, exact solve, explanations.

The solver (:func:`algorithms.solve_assignment`) gets pupils as rows (class 0 urgent,
1 high, 2 normal), volunteers as columns with their capacity minus locked pairs, and
the feasible pairs priced by :mod:`matcher.matching.costs`; it returns the lexicographic
optimum (urgent, high, normal matched, then minimum total cost).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from matcher.matching.costs import IN_PERSON, MODE_NAMES, choose_mode, components, total
from matcher.matching.explanations import blocking_reason, match_explanations, taken_reasons
from matcher.matching.feasibility import feasible_pairs
from matcher.matching.instance import Instance
from matcher.matching.instance_arrays import Columns, columns_of
from matcher.matching.unmatched_reasons import Reason
from matcher.shared.vocabulary import PRIORITY_CODES

RESULT_SCHEMA = "koppel.result/1"


@dataclass(frozen=True)
class Candidates:
    """Every feasible pair once, with the cost the solver used and how it would meet."""

    pupil: np.ndarray  # int32 row in instance.pupils
    volunteer: np.ndarray  # int32 row in instance.volunteers
    cost: np.ndarray  # int32 (below 1,000,000)
    mode: np.ndarray  # int8, matcher.matching.costs.ONLINE / IN_PERSON
    overlap: np.ndarray  # int16 common weekly minutes
    distance_m: np.ndarray  # int32, -1 where in person is not allowed


CANDIDATE_DTYPES = (("pupil", np.int32), ("volunteer", np.int32), ("cost", np.int32),
                    ("mode", np.int8), ("overlap", np.int16), ("distance_m", np.int32))


@dataclass(frozen=True)
class ChosenPair:
    volunteer: str
    pupil: str
    cost: int
    locked: bool
    mode: str | None
    explanation: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"volunteer": self.volunteer, "pupil": self.pupil, "cost": self.cost,
                "locked": self.locked, "mode": self.mode, "explanation": self.explanation}


@dataclass(frozen=True)
class Unmatched:
    pupil: str
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        return {"pupil": self.pupil, "reasons": [r.text for r in self.reasons],
                "reason_codes": [r.to_json() for r in self.reasons]}


@dataclass(frozen=True)
class MatchResult:
    """A ``koppel.result/1`` in memory; ``candidates`` only when asked for.

    ``stats`` is deterministic (same instance, same stats); the wall-clock seconds
    per phase are kept apart in ``timings`` so that the result document stays
    byte-for-byte reproducible unless timings are asked for.
    """

    instance: Instance
    matches: tuple[ChosenPair, ...]
    unmatched: tuple[Unmatched, ...]
    total_cost: int
    candidates: Candidates | None
    stats: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The whole result as plain JSON values (:mod:`matcher.matching.result_io` streams it)."""
        doc: dict[str, Any] = {
            "schema": RESULT_SCHEMA,
            "matches": [m.to_json() for m in self.matches],
            "unmatched": [u.to_json() for u in self.unmatched],
            "total_cost": self.total_cost,
        }
        if self.candidates is not None:
            vol_ids = [v.id for v in self.instance.volunteers]
            pup_ids = [p.id for p in self.instance.pupils]
            c = self.candidates
            doc["candidates"] = [
                {"volunteer": vol_ids[v], "pupil": pup_ids[p], "cost": cost}
                for v, p, cost in zip(c.volunteer.tolist(), c.pupil.tolist(), c.cost.tolist(),
                                      strict=True)
            ]
        doc["stats"] = self.stats
        return doc


def match_instance(
    instance: Instance, *, with_candidates: bool = False, method: str = "auto",
    processes: int = 1,
) -> MatchResult:
    """Match ``instance`` exactly as ``shared/spec/matching.md`` defines; deterministic.

    ``processes`` > 1 lets the solver fork that many processes for the independent
    parts of a large instance (``koppel match`` does; the same result either way).
    """
    from algorithms import solve_assignment  # keeps `koppel --help` free of OR-Tools

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    cols = columns_of(instance)
    # Many small matrix products: threads only add overhead (measured: 20x slower).
    with threadpool_limits(limits=1, user_api="blas"):
        cand = find_candidates(instance, cols)
    seconds["candidates"] = time.perf_counter() - started

    started = time.perf_counter()
    solved = solve_assignment(
        len(instance.pupils), len(instance.volunteers), cand.pupil, cand.volunteer, cand.cost,
        row_class=cols.pupil_class, col_capacity=cols.capacity_left, n_classes=3, method=method,
        unique_edges=True,  # feasible_pairs yields each pair once (tests/oracle checks it)
        processes=processes,
    )
    seconds["solve"] = time.perf_counter() - started

    started = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        matches, unmatched = _explain(instance, cols, cand, solved.chosen)
    seconds["explain"] = time.perf_counter() - started
    stats = {
        "pupils": len(instance.pupils),
        "volunteers": len(instance.volunteers),
        "locked_pairs": len(instance.locked),
        "forbidden_pairs": len(instance.forbidden),
        "feasible_pairs": len(cand.pupil),
        "matched_per_class": dict(zip(PRIORITY_CODES, solved.matched_per_class, strict=True)),
        "unmatched": len(unmatched),
        "solver": solved.stats.get("solver", method),
        "solver_message": solved.message,
    }
    return MatchResult(
        instance, matches, unmatched, solved.total_cost,
        cand if with_candidates else None, stats, seconds,
    )


def find_candidates(instance: Instance, cols: Columns) -> Candidates:
    """All feasible pairs, priced: the solver's input and the ``candidates`` output."""
    pupil_row = {p.id: k for k, p in enumerate(instance.pupils)}
    volunteer_row = {v.id: k for k, v in enumerate(instance.volunteers)}
    forbidden = np.array(
        [pupil_row[f.pupil] * len(instance.volunteers) + volunteer_row[f.volunteer]
         for f in instance.forbidden], dtype=np.int64,
    )
    parts: dict[str, list[np.ndarray]] = {name: [] for name in Candidates.__dataclass_fields__}
    for pairs in feasible_pairs(cols, instance.options, forbidden):
        mode = choose_mode(pairs.online, pairs.in_person, pairs.distance_m)
        cost = total(components(cols, pairs.pupil, pairs.volunteer, pairs.overlap,
                                pairs.distance_m, mode))
        distance_m = np.where(mode == IN_PERSON, pairs.distance_m, -1).astype(np.int32)
        for name, values in (("pupil", pairs.pupil), ("volunteer", pairs.volunteer),
                             ("cost", cost.astype(np.int32)), ("mode", mode),
                             ("overlap", pairs.overlap), ("distance_m", distance_m)):
            parts[name].append(values)
    return Candidates(**{name: _joined(parts[name], dtype) for name, dtype in CANDIDATE_DTYPES})


def _joined(chunks: list[np.ndarray], dtype: type) -> np.ndarray:
    """The chunks as one array, emptying the list as it goes: with tens of millions of
    pairs, keeping every chunk until the end would double the peak memory."""
    joined = np.empty(sum(len(chunk) for chunk in chunks), dtype=dtype)
    at = 0
    for chunk in chunks:
        joined[at : at + len(chunk)] = chunk
        at += len(chunk)
    chunks.clear()
    return joined


def _matched(cols: Columns, cand: Candidates, chosen: np.ndarray) -> np.ndarray:
    matched = np.zeros(len(cols.pupil_class), dtype=bool)
    matched[cand.pupil[chosen]] = True
    return matched


def _explain(
    instance: Instance, cols: Columns, cand: Candidates, chosen: np.ndarray
) -> tuple[tuple[ChosenPair, ...], tuple[Unmatched, ...]]:
    pupils, volunteers = instance.pupils, instance.volunteers
    by_pupil: dict[int, ChosenPair] = {}
    row_of = {p.id: k for k, p in enumerate(pupils)}
    for pair in instance.locked:
        by_pupil[row_of[pair.pupil]] = ChosenPair(
            pair.volunteer, pair.pupil, 0, True, None,
            {"reason_codes": [{"code": "locked", "params": {}}]},
        )
    p, v = cand.pupil[chosen], cand.volunteer[chosen]
    explanations = match_explanations(
        instance, cols, p, v, cand.overlap[chosen], cand.distance_m[chosen], cand.mode[chosen]
    )
    for k, (row, col, cost, mode) in enumerate(zip(
        p.tolist(), v.tolist(), cand.cost[chosen].tolist(), cand.mode[chosen].tolist(),
        strict=True,
    )):
        by_pupil[row] = ChosenPair(volunteers[col].id, pupils[row].id, cost, False,
                              MODE_NAMES[mode], explanations[k])
    unmatched_mask = ~cols.pupil_locked & ~_matched(cols, cand, chosen)
    lost = taken_reasons(cols, unmatched_mask, cand.pupil, cand.volunteer, chosen)
    forbidden_for: dict[int, set[int]] = {}
    col_of = {vol.id: k for k, vol in enumerate(volunteers)}
    for pair in instance.forbidden:
        forbidden_for.setdefault(row_of[pair.pupil], set()).add(col_of[pair.volunteer])
    unmatched = tuple(
        Unmatched(pupils[row].id, tuple(lost[row]) if row in lost else (
            blocking_reason(instance, cols, row, forbidden_for.get(row, set())),
        ))
        for row in np.flatnonzero(unmatched_mask).tolist()
    )
    return tuple(by_pupil[row] for row in sorted(by_pupil)), unmatched


def cores_for_solving() -> int:
    """Processes for the solve: two where two cores are ours. More would add memory
    (each holds its part's flow network) for a share of the solve phase only."""
    if hasattr(os, "sched_getaffinity"):
        return min(2, len(os.sched_getaffinity(0)))
    return min(2, os.cpu_count() or 1)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    A run builds millions of objects (the decoded JSON, the instance, the result)
    that form no reference cycles; the collector would only walk them again and
    again (a national run spent about 2 s in it). Reference counting still frees
    them, when :func:`_run` returns: before the collector is back, or its first
    collection would walk them all once more (0.2 s).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
