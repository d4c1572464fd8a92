"""Use case: run the matcher for a region (or the country) and store its proposals.

A run builds the instance from the database (:mod:`matcher.matching.instance_builder`), feeds
it to the same core as ``koppel match`` and stores instance, result, parameters and
statistics with one ``proposed`` :class:`~matcher.db.models.Match` per chosen pair.
Each proposal's explanation also lists the next-best volunteers for that pupil
(from the candidates), so the proposals page needs no solver.

There is one open run per region: a new run closes the previous one and supersedes
every undecided proposal for the pupils it matches again.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import matcher
from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.lifecycle import release_pupils, supersede
from matcher.db.models import Match, MatchingRun, Pupil
from matcher.db.queries import lock_pupils
from matcher.matching.costs import COST_MODEL_VERSION, MODE_NAMES
from matcher.matching.instance import parse_instance
from matcher.matching.instance_builder import build_instance
from matcher.matching.instance_values import DEFAULT_MIN_OVERLAP_MINUTES
from matcher.matching.solve import MatchResult, Unmatched, match_instance
from matcher.matching.unmatched_reasons import Reason
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.errors import BadInput

ALTERNATIVES = 3


class RunAlreadyOpen(BadInput):
    """Another run for this region was started at the same moment."""


def run_matching(
    session: Session,
    actor: Actor,
    *,
    region_id: int | None,
    cross_region_online: bool = False,
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES,
    policy: ScreeningPolicy,
) -> MatchingRun:
    """Match the waiting pupils of ``region_id`` (``None``: the whole country).

    A national run requires ``RUN_NATIONAL_MATCHING``, a regional one ``RUN_MATCHING``
    on that region. Adds the run and its proposals to ``session`` and never commits
    (the caller does). Raises :class:`RunAlreadyOpen` when a concurrent run for the
    region got there first.
    """
    if region_id is None:
        require(actor, Permission.RUN_NATIONAL_MATCHING)
    else:
        require(actor, Permission.RUN_MATCHING, Scope(region_id=region_id))
    now = clock.now()
    options = {"min_overlap_minutes": min_overlap_minutes,
               "cross_region_online": cross_region_online}
    built = build_instance(
        session, region_id=region_id, now=now, options=options, policy=policy
    )
    result = match_instance(parse_instance(built.document), with_candidates=True)
    pupil_ids = set(built.pupils.values())
    closed = close_open_runs(session, region_id=region_id, pupil_ids=pupil_ids)
    run = MatchingRun(
        region_id=region_id,
        started_by_id=actor.user_id,
        parameters={
            "scope": "region" if region_id is not None else "national",
            **options,
            "vog_validity_years": policy.vog_validity_years,
            "koppel_version": matcher.__version__,
            "cost_model_version": COST_MODEL_VERSION,
        },
        statistics={**result.stats, "timings_s": result.timings},
        instance=built.document,
        result=_with_left_out(
            dataclasses.replace(result, candidates=None).to_json_dict(), built.left_out
        ),
        id_map=built.id_map(),
        state="open",
    )
    session.add(run)
    try:
        session.flush()
    except IntegrityError as exc:
        raise RunAlreadyOpen("run: another matching run for this region has just started") from exc
    proposed = _add_proposals(session, run, result, built.volunteers, built.pupils)
    audit.record(session, "matching_run", "matching_run", run.id, actor_user_id=actor.user_id,
                 region_id=region_id, proposals=proposed, superseded_runs=closed)
    return run


def _with_left_out(document: dict[str, Any], left_out: dict[str, int]) -> dict[str, Any]:
    """The result with the pupils the instance left out among the unmatched, and why."""
    reason = (Reason("no_designated_contact"),)
    extra = [Unmatched(key, reason).to_json() for key in left_out]
    return {**document, "unmatched": [*document["unmatched"], *extra]}


def close_open_runs(session: Session, *, region_id: int | None, pupil_ids: set[int]) -> list[int]:
    """Close the open run(s) of this scope; supersede their and these pupils' proposals.

    Pupils left without a proposal go back to ``waiting``; returns the closed run ids.
    """
    now = clock.now()
    scope = (MatchingRun.region_id.is_(None) if region_id is None
             else MatchingRun.region_id == region_id)
    runs = list(session.scalars(
        select(MatchingRun).where(scope, MatchingRun.state == "open").with_for_update()
    ))
    run_ids = [run.id for run in runs]
    for run in runs:
        run.state, run.closed_at = "closed", now
    undecided_here = select(Match).where(Match.state == "proposed").where(
        Match.run_id.in_(run_ids) | Match.pupil_id.in_(pupil_ids) if run_ids
        else Match.pupil_id.in_(pupil_ids)
    )
    undecided: list[Match] = []
    if run_ids or pupil_ids:
        lock_pupils(session, session.scalars(undecided_here.with_only_columns(Match.pupil_id)))
        # Read again under the pupils' locks: a coordinator may just have approved one.
        undecided = list(session.scalars(
            undecided_here.execution_options(populate_existing=True)
        ))
    for match in undecided:
        supersede(match, now)
    release_pupils(session, (match.pupil_id for match in undecided))
    session.flush()
    return run_ids


def _add_proposals(
    session: Session, run: MatchingRun, result: MatchResult,
    volunteer_ids: dict[str, int], pupil_ids: dict[str, int],
) -> int:
    alternatives = _alternatives(result, volunteer_ids)
    proposed = [m for m in result.matches if not m.locked]
    waiting_days = {p.id: p.waiting_days for p in result.instance.pupils}
    for match in proposed:
        session.add(Match(
            volunteer_id=volunteer_ids[match.volunteer],
            pupil_id=pupil_ids[match.pupil],
            run_id=run.id,
            state="proposed",
            mode=match.mode,
            cost=match.cost,
            explanation={
                **match.explanation,
                "waiting_days": waiting_days[match.pupil],
                "alternatives": alternatives.get(match.pupil, []),
            },
        ))
    chosen = [pupil_ids[m.pupil] for m in proposed]
    if chosen:
        session.execute(
            update(Pupil).where(Pupil.id.in_(chosen)).values(state="proposed")
            .execution_options(synchronize_session=False)
        )
    session.flush()
    return len(proposed)


def _alternatives(result: MatchResult, volunteer_ids: dict[str, int]) -> dict[str, list[dict]]:
    """Per matched pupil the cheapest feasible volunteers other than the chosen one."""
    cand = result.candidates
    assert cand is not None
    pupils, volunteers = result.instance.pupils, result.instance.volunteers
    row = {p.id: k for k, p in enumerate(pupils)}
    col = {v.id: k for k, v in enumerate(volunteers)}
    chosen = np.full(len(pupils), -1, dtype=np.int64)
    for m in result.matches:
        if not m.locked:
            chosen[row[m.pupil]] = col[m.volunteer]
    other = np.flatnonzero((chosen[cand.pupil] >= 0) & (cand.volunteer != chosen[cand.pupil]))
    order = other[np.lexsort((cand.cost[other], cand.pupil[other]))]
    grouped = cand.pupil[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    found: dict[str, list[dict[str, Any]]] = {}
    for k in order[rank < ALTERNATIVES].tolist():
        distance_m = int(cand.distance_m[k])
        found.setdefault(pupils[int(cand.pupil[k])].id, []).append({
            "volunteer_id": volunteer_ids[volunteers[int(cand.volunteer[k])].id],
            "cost": int(cand.cost[k]),
            "mode": MODE_NAMES[int(cand.mode[k])],
            "common_minutes": int(cand.overlap[k]),
            "distance_km": round(distance_m / 1000, 1) if distance_m >= 0 else None,
        })
    return found
