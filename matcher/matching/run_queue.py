"""Use case: queue a matching run for a region (or the country) as a worker job.

The run is written with state ``queued`` and its parameters, and a ``matching_run``
job names it; the worker carries it out (:mod:`matcher.matching.run_execution`).
One queued or running run per region — the country counted as one more region — is
the database's rule (the unique index ``uq_matching_runs_one_active_per_region``):
a second start is refused whatever two requests do at once.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import matcher
from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.models import MatchingRun
from matcher.jobs.queue import enqueue
from matcher.matching.costs import COST_MODEL_VERSION
from matcher.matching.instance_values import DEFAULT_MIN_OVERLAP_MINUTES
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.shared.errors import BadInput
from matcher.shared.states import RUN_ACTIVE_STATES

JOB_KIND = "matching_run"


class RunAlreadyOpen(BadInput):
    """A run for this region is already queued or running; ``run_id`` names it."""

    def __init__(self, run_id: int | None) -> None:
        super().__init__("run: a matching run for this region is already queued or running"
                         + (f" (run {run_id})" if run_id else ""))
        self.run_id = run_id


def queue_run(
    session: Session,
    actor: Actor,
    *,
    region_id: int | None,
    cross_region_online: bool = False,
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES,
    policy: ScreeningPolicy,
) -> MatchingRun:
    """Queue a run over the waiting pupils of ``region_id`` (``None``: the whole country).

    A national run requires ``RUN_NATIONAL_MATCHING``, a regional one ``RUN_MATCHING``
    on that region. Adds the run (state ``queued``) and its job to ``session`` and
    never commits. Raises :class:`RunAlreadyOpen`, naming the active run, when a run
    for the region is already queued or running.
    """
    if region_id is None:
        require(actor, Permission.RUN_NATIONAL_MATCHING)
    else:
        require(actor, Permission.RUN_MATCHING, Scope(region_id=region_id))
    run = MatchingRun(
        region_id=region_id,
        started_by_id=actor.user_id,
        parameters={
            "scope": "region" if region_id is not None else "national",
            "min_overlap_minutes": min_overlap_minutes,
            "cross_region_online": cross_region_online,
            "vog_validity_years": policy.vog_validity_years,
            "koppel_version": matcher.__version__,
            "cost_model_version": COST_MODEL_VERSION,
        },
        state="queued",
        progress={"phase": "queued", "phases": {"queued": clock.now().isoformat()}},
    )
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError as exc:
        raise RunAlreadyOpen(active_run_id(session, region_id)) from exc
    run.job_id = enqueue(session, JOB_KIND, {"run_id": run.id}, key=f"{JOB_KIND}:{run.id}")
    return run


def active_run_id(session: Session, region_id: int | None) -> int | None:
    """The run of this region (``None``: the national one) that is queued or running."""
    return session.scalar(
        select(MatchingRun.id).where(
            func.coalesce(MatchingRun.region_id, 0) == (region_id or 0),
            MatchingRun.state.in_(RUN_ACTIVE_STATES),
        )
    )
