"""Carrying out a queued matching run: build, solve, store, each phase on the run.

:func:`execute_run` is the worker's ``matching_run`` job. Each phase begins with a
short transaction of its own that sets the run's ``state`` and ``progress`` (the run
page polls them); the instance is built and solved outside any writing transaction,
and storing is one transaction (:func:`matcher.matching.run_storage.store_run`). So a
worker killed at any moment leaves the run in its last phase with nothing half
stored, and running the job again carries the run out from the start.

:func:`run_matching` queues and carries out a run in the caller's session, with the
same steps: for tests, the demo data and the benchmarks, which need the proposals at
once.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor
from matcher.db import Database
from matcher.db.models import MatchingRun
from matcher.matching.instance import parse_instance
from matcher.matching.instance_builder import BuiltInstance, build_instance
from matcher.matching.instance_values import DEFAULT_MIN_OVERLAP_MINUTES
from matcher.matching.run_queue import queue_run
from matcher.matching.run_storage import store_run
from matcher.matching.solve import MatchResult, match_instance, no_cyclic_gc
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock

logger = logging.getLogger(__name__)

DONE_STATES = frozenset({"open", "closed"})
# What the coordinator reads when a run failed; the code (with the phase) goes in
# ``progress["failure"]`` so that a page can say it in the visitor's language.
FAILURES = {
    "database_unreachable": "De database was niet bereikbaar.",
    "building": "Het lezen van de leerlingen en vrijwilligers is mislukt.",
    "solving": "Het berekenen van de koppelingen is mislukt.",
    "storing": "Het opslaan van de voorstellen is mislukt; er is niets half opgeslagen.",
}


def execute_run(
    database: Database, run_id: int, *, policy: ScreeningPolicy, processes: int = 1
) -> None:
    """Carry out the queued run ``run_id``: the worker's job, with no signed-in actor.

    Idempotent: a run that is already open or closed is left alone, and a run left in
    a phase by a worker that died is carried out again from the start. A failed run
    whose job is retried is carried out again too, unless another run for its region
    has been queued since (then it stays failed). Any error marks the run ``failed``
    with a reason in words (the traceback goes to the log) and is raised again, so
    that the job queue can retry the job. ``processes``: see :func:`solve`.
    """
    if not database.run_in_transaction(lambda session: _begin(session, run_id)):
        return
    phase = "building"
    try:
        started = time.perf_counter()
        with database.unit_of_work() as session:
            run = session.get(MatchingRun, run_id)
            built = build(session, run, policy)
        built_s = time.perf_counter() - started
        phase = _advance(database, run_id, "solving",
                         {**instance_counts(built.document), "seconds": {"build": built_s}})
        started = time.perf_counter()
        result = solve(built, processes=processes)
        solved_s = time.perf_counter() - started
        phase = _advance(database, run_id, "storing", {
            "feasible_pairs": result.stats.get("feasible_pairs"),
            "seconds": {"build": built_s, "solve": solved_s},
        })
        database.run_in_transaction(lambda session: _store(session, run_id, built, result))
    except Exception as error:
        logger.exception("matching run %s failed while %s", run_id, phase)
        _fail(database, run_id, phase, error)
        raise


def execute_queued_runs(database: Database, *, policy: ScreeningPolicy) -> list[int]:
    """Carry out every queued run in this process, oldest first; their ids.

    For a setup without a worker (tests, ``koppel runs start --wait --inline``).
    """
    with database.unit_of_work() as session:
        queued = list(session.scalars(
            select(MatchingRun.id).where(MatchingRun.state == "queued").order_by(MatchingRun.id)
        ))
    for run_id in queued:
        execute_run(database, run_id, policy=policy)
    return queued


def run_matching(
    session: Session,
    actor: Actor,
    *,
    region_id: int | None,
    cross_region_online: bool = False,
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES,
    policy: ScreeningPolicy,
) -> MatchingRun:
    """Queue a run (:func:`~matcher.matching.run_queue.queue_run`) and carry it out now.

    The same steps as the worker's job, in the caller's session, which the caller
    commits; for tests, the demo data and the benchmarks.
    """
    run = queue_run(session, actor, region_id=region_id,
                    cross_region_online=cross_region_online,
                    min_overlap_minutes=min_overlap_minutes, policy=policy)
    built = build(session, run, policy)
    result = solve(built)
    run.progress = {**run.progress, **instance_counts(built.document),
                    "feasible_pairs": result.stats.get("feasible_pairs")}
    store_run(session, run, built, result)
    return run


def build(session: Session, run: MatchingRun, policy: ScreeningPolicy) -> BuiltInstance:
    """The run's instance, read from the database with the run's options."""
    options = {key: run.parameters[key] for key in ("min_overlap_minutes", "cross_region_online")}
    return build_instance(session, region_id=run.region_id, now=clock.now(),
                          options=options, policy=policy)


def solve(built: BuiltInstance, *, processes: int = 1) -> MatchResult:
    """The core's answer for the built instance, with the candidates for alternatives.

    The worker passes ``processes`` > 1 (it is a process of its own and may fork); a
    run carried out inside a web request or a test keeps to one.
    """
    with no_cyclic_gc():
        return match_instance(parse_instance(built.document), with_candidates=True,
                              processes=processes)


def instance_counts(document: dict[str, Any]) -> dict[str, Any]:
    """How many pupils and volunteers the instance holds, also per region (by slug)."""
    pupils = Counter(p["region"] for p in document["pupils"])
    volunteers = Counter(v["region"] for v in document["volunteers"])
    return {
        "pupils": len(document["pupils"]),
        "volunteers": len(document["volunteers"]),
        "regions": {slug: {"pupils": pupils[slug], "volunteers": volunteers[slug]}
                    for slug in sorted(pupils.keys() | volunteers.keys())},
    }


def _begin(session: Session, run_id: int) -> bool:
    """Put the run in ``building``; false when there is nothing (more) to do."""
    run = session.get(MatchingRun, run_id, with_for_update=True)
    if run is None or run.state in DONE_STATES:
        return False
    if run.state == "failed":
        try:
            with session.begin_nested():
                run.state = "building"
                session.flush()
        except IntegrityError:
            # Another run for the region was queued after this one failed: it wins.
            session.refresh(run)
            return False
    run.state, run.failure, run.finished_at = "building", None, None
    # A rerun counts afresh; when it was queued, and why an earlier attempt failed, stay.
    kept = {"phases": {"queued": run.progress.get("phases", {}).get("queued")}}
    if "failure" in run.progress:
        kept["failure"] = run.progress["failure"]
    run.progress = _phase(kept, "building", {})
    return True


def _advance(database: Database, run_id: int, phase: str, progress: dict[str, Any]) -> str:
    def advance(session: Session) -> None:
        run = session.get(MatchingRun, run_id, with_for_update=True)
        run.state, run.progress = phase, _phase(run.progress, phase, progress)

    database.run_in_transaction(advance)
    return phase


def _store(session: Session, run_id: int, built: BuiltInstance, result: MatchResult) -> None:
    run = session.get(MatchingRun, run_id, with_for_update=True)
    # Two workers carrying out one run: whoever stored first wins, the other stops here.
    if run.state != "storing":
        return
    started = time.perf_counter()
    proposals = store_run(session, run, built, result)
    seconds = {**run.progress.get("seconds", {}), "store": time.perf_counter() - started}
    run.progress = _phase(run.progress, "open", {"proposals": proposals, "seconds": seconds})


def _fail(database: Database, run_id: int, phase: str, error: Exception) -> None:
    code = "database_unreachable" if _unreachable(error) else phase

    def fail(session: Session) -> None:
        run = session.get(MatchingRun, run_id, with_for_update=True)
        if run is None or run.state in DONE_STATES:
            return
        run.state, run.failure, run.finished_at = "failed", FAILURES[code], clock.now()
        run.progress = _phase(run.progress, "failed", {"failure": {"code": code, "phase": phase}})

    try:
        database.run_in_transaction(fail)
    except DBAPIError:
        logger.exception("matching run %s: could not record its failure", run_id)


def _unreachable(error: Exception) -> bool:
    """Whether the database could not be reached (as opposed to refusing a statement)."""
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    return error.connection_invalidated or sqlstate.startswith("08") or (
        isinstance(error, OperationalError) and "connect" in str(error.orig).lower()
    )


def _phase(progress: dict[str, Any], phase: str, extra: dict[str, Any]) -> dict[str, Any]:
    phases = {**progress.get("phases", {}), phase: clock.now().isoformat()}
    return {**progress, **extra, "phase": phase, "phases": phases}
