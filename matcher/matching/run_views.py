"""Reading a matching run: who may see it, its files, and who saw which pupils.

A regional run is for the coordinators of its region (DECIDE_MATCH there); a national
run's page for every coordinator, its files — every region's people — only for those
who may start national runs. Everything outside that is *not found*. Each look at the
pupils of a run, and each download, is audited by ids.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, defer

from matcher.accounts.permissions import (
    Actor,
    OutOfScope,
    Permission,
    Scope,
    can,
    require,
)
from matcher.db.models import MatchingRun
from matcher.privacy import audit


def visible_run(session: Session, actor: Actor, run_id: int) -> MatchingRun:
    """The run if ``actor`` may see it; its instance and result load only when read."""
    require(actor, Permission.DECIDE_MATCH)
    # Instance and result are by far the largest columns and only the downloads read
    # them whole.
    run = session.get(
        MatchingRun, run_id, options=[defer(MatchingRun.instance), defer(MatchingRun.result)]
    )
    if run is None:
        raise OutOfScope("matching run")
    if run.region_id is not None:
        require(actor, Permission.DECIDE_MATCH, Scope(region_id=run.region_id))
    return run


def record_run_view(session: Session, actor: Actor, run: MatchingRun, pupil_ids: list[int]) -> None:
    """Record that ``actor`` saw these pupils of ``run`` (one audit entry, ids only)."""
    audit.record(session, "matching_run.view", "matching_run", run.id,
                 actor_user_id=actor.user_id, pupil_ids=pupil_ids)


def download_run(session: Session, actor: Actor, run_id: int, part: str) -> Any:
    """The run's instance (``part="instance"``) or result as JSON values, audited.

    ``OutOfScope`` for a national run without RUN_NATIONAL_MATCHING, and once retention
    has emptied the run's files.
    """
    run = visible_run(session, actor, run_id)
    if run.region_id is None and not can(actor, Permission.RUN_NATIONAL_MATCHING):
        raise OutOfScope("national run files")
    payload = run.instance if part == "instance" else run.result
    if payload is None:
        raise OutOfScope("emptied by retention")
    audit.record(session, "matching_run_downloaded", "matching_run", run.id,
                 actor_user_id=actor.user_id, part=part)
    return payload
