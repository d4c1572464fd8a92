"""The best attainable outcome for given pair costs, found two independent ways.

An outcome is what the contract fixes about an optimal assignment: how many urgent,
high and normal pupils are matched (locked pairs included) and the total cost of the
chosen pairs. Brute force enumerates every assignment of a tiny instance; the MILP
oracle solves the objective's four levels one after another with HiGHS, fixing each
level's optimum as a constraint for the next.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .feasibility import Pair

PRIORITIES = ("urgent", "high", "normal")


@dataclass(frozen=True)
class Outcome:
    matched: tuple[int, int, int]  # urgent, high, normal pupils matched
    total_cost: int


def outcome_of(instance: dict, result: dict) -> Outcome:
    """What the implementation's result achieved."""
    priority = {pupil["id"]: pupil["priority"] for pupil in instance["pupils"]}
    counts = Counter(priority[match["pupil"]] for match in result["matches"])
    return Outcome(_by_priority(counts), result["total_cost"])


def _by_priority(counts: Counter[str]) -> tuple[int, int, int]:
    urgent, high, normal = (counts[name] for name in PRIORITIES)
    return urgent, high, normal


def _locked_counts(instance: dict) -> Counter[str]:
    priority = {pupil["id"]: pupil["priority"] for pupil in instance["pupils"]}
    return Counter(priority[pair["pupil"]] for pair in instance["locked"])


def _room(instance: dict) -> dict[str, int]:
    """Places each volunteer has left after its locked pairs."""
    load = Counter(pair["volunteer"] for pair in instance["locked"])
    return {v["id"]: v["capacity"] - load[v["id"]] for v in instance["volunteers"]}


def brute_force_optimum(instance: dict, costs: dict[Pair, int]) -> Outcome:
    """Try every assignment of every pupil to nobody or one of its feasible volunteers."""
    room = _room(instance)
    pupils = [p for p in instance["pupils"] if any(pid == p["id"] for _, pid in costs)]
    choices = [[None, *sorted(v for v, pid in costs if pid == p["id"])] for p in pupils]
    best_key, best = None, None
    for assignment in itertools.product(*choices):
        chosen = [(v, p) for v, p in zip(assignment, pupils, strict=True) if v is not None]
        load = Counter(v for v, _ in chosen)
        if any(load[v] > room[v] for v in load):
            continue
        counts = _locked_counts(instance) + Counter(p["priority"] for _, p in chosen)
        outcome = Outcome(_by_priority(counts), sum(costs[v, p["id"]] for v, p in chosen))
        key = (*outcome.matched, -outcome.total_cost)
        if best_key is None or key > best_key:
            best_key, best = key, outcome
    assert best is not None
    return best


def milp_optimum(instance: dict, costs: dict[Pair, int]) -> Outcome:
    """Lexicographic optimum by four MILPs: urgent, then high, then normal, then cost."""
    pairs = sorted(costs)
    if not pairs:
        return Outcome(_by_priority(_locked_counts(instance)), 0)
    priority = {pupil["id"]: pupil["priority"] for pupil in instance["pupils"]}
    room = _room(instance)
    pupil_row = {pid: row for row, pid in enumerate(sorted({p for _, p in pairs}))}
    volunteer_row = {vid: len(pupil_row) + row for row, vid in enumerate(sorted(room))}
    rows = [pupil_row[p] for _, p in pairs] + [volunteer_row[v] for v, _ in pairs]
    columns = list(range(len(pairs))) * 2
    shape = (len(pupil_row) + len(volunteer_row), len(pairs))
    matrix = coo_array((np.ones(len(rows)), (rows, columns)), shape=shape)
    upper = [1] * len(pupil_row) + [room[v] for v in sorted(room)]
    constraints = [LinearConstraint(matrix, -np.inf, np.array(upper, dtype=float))]

    for name in PRIORITIES:
        indicator = np.array([float(priority[p] == name) for _, p in pairs])
        best = round(indicator @ _solve(-indicator, constraints))
        constraints.append(LinearConstraint(indicator, best, np.inf))
    cost = np.array([float(costs[pair]) for pair in pairs])
    chosen = _solve(cost, constraints)
    counts = _locked_counts(instance) + Counter(
        priority[p] for (_, p), x in zip(pairs, chosen, strict=True) if x
    )
    return Outcome(_by_priority(counts), round(cost @ chosen))


def _solve(objective: np.ndarray, constraints: list[LinearConstraint]) -> np.ndarray:
    # A relative gap of zero: HiGHS' default (1e-4) would accept a cost a few
    # thousand units above the optimum, and the contract demands the exact optimum.
    result = milp(
        objective,
        constraints=constraints,
        integrality=np.ones(len(objective)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    assert result.success, result.message
    return np.round(result.x)
