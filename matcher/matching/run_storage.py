"""Storing a solved run: closing the previous open run, the files, all the proposals.

Everything here happens in the caller's one transaction (the worker's storing phase),
so a run is stored whole or not at all: a worker killed while storing leaves nothing,
and the job's rerun stores each proposal once.

The proposals go in as one bulk ``INSERT`` (SQLAlchemy's insertmanyvalues) of plain
rows rather than one ORM object each: for a national run of some 20,000 proposals
that is the difference between seconds and a quarter of a minute. Each proposal's
explanation also lists the next-best volunteers for that pupil (from the
candidates), so the proposals page needs no solver.

There is one open run per region: a new run closes the previous one and supersedes
every undecided proposal for the pupils it matches again.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from matcher.db.lifecycle import release_pupils, supersede_proposals
from matcher.db.models import Match, MatchingRun, Pupil
from matcher.db.queries import id_among, lock_pupils
from matcher.matching.costs import MODE_NAMES
from matcher.matching.instance_builder import BuiltInstance
from matcher.matching.solve import MatchResult, Unmatched
from matcher.matching.unmatched_reasons import Reason
from matcher.privacy import audit
from matcher.shared import clock

ALTERNATIVES = 3


def store_run(session: Session, run: MatchingRun, built: BuiltInstance,
              result: MatchResult) -> int:
    """Close the scope's open run, store ``run``'s files and proposals, open it.

    Returns the number of proposals. Records the audit entry in the name of whoever
    queued the run. The caller commits.
    """
    closed = close_open_runs(session, region_id=run.region_id,
                             pupil_ids=set(built.pupils.values()))
    document = _with_left_out(
        dataclasses.replace(result, candidates=None).to_json_dict(), built.left_out
    )
    run.instance, run.result, run.id_map = built.document, document, built.id_map()
    run.statistics = {**result.stats, "timings_s": result.timings}
    run.progress = {**run.progress, "unmatched": unmatched_reasons(document, built)}
    proposed = _add_proposals(session, run, result, built.volunteers, built.pupils)
    run.state, run.finished_at = "open", clock.now()
    session.flush()
    audit.record(session, "matching_run", "matching_run", run.id,
                 actor_user_id=run.started_by_id, region_id=run.region_id,
                 proposals=proposed, superseded_runs=closed)
    return proposed


def unmatched_reasons(document: dict[str, Any], built: BuiltInstance) -> list[list[Any]]:
    """``[pupil id, reason codes]`` per unmatched pupil: what the proposals page shows.

    Kept beside the run's progress so that the page need not unpack the whole result.
    """
    pupil_ids = {**built.pupils, **built.left_out}
    return [[pupil_ids[u["pupil"]], u.get("reason_codes", [])]
            for u in document["unmatched"] if u["pupil"] in pupil_ids]


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
    these_pupils = id_among(session, Match.pupil_id, pupil_ids)
    undecided_here = select(Match).where(Match.state == "proposed").where(
        Match.run_id.in_(run_ids) | these_pupils if run_ids else these_pupils
    )
    superseded: list[int] = []
    if run_ids or pupil_ids:
        lock_pupils(session, session.scalars(undecided_here.with_only_columns(Match.pupil_id)))
        # Under the pupils' locks: a proposal a coordinator just approved is left alone.
        superseded = supersede_proposals(
            session, Match.run_id.in_(run_ids) | these_pupils if run_ids else these_pupils, now
        )
    release_pupils(session, superseded)
    session.flush()
    return run_ids


def _add_proposals(
    session: Session, run: MatchingRun, result: MatchResult,
    volunteer_ids: dict[str, int], pupil_ids: dict[str, int],
) -> int:
    alternatives = _alternatives(result, volunteer_ids)
    proposed = [m for m in result.matches if not m.locked]
    waiting_days = {p.id: p.waiting_days for p in result.instance.pupils}
    now = clock.now()
    rows = [{
        "volunteer_id": volunteer_ids[match.volunteer],
        "pupil_id": pupil_ids[match.pupil],
        "run_id": run.id,
        "state": "proposed",
        "mode": match.mode,
        "cost": match.cost,
        "created_at": now,
        "explanation": {
            **match.explanation,
            "waiting_days": waiting_days[match.pupil],
            "alternatives": alternatives.get(match.pupil, []),
        },
    } for match in proposed]
    if rows:
        _insert_proposals(session, rows)
        session.execute(
            update(Pupil).where(id_among(session, Pupil.id, [row["pupil_id"] for row in rows]))
            .values(state="proposed").execution_options(synchronize_session=False)
        )
    return len(rows)


def _insert_proposals(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the proposals: PostgreSQL's ``COPY``, elsewhere one bulk ``INSERT``.

    Measured on a national run (``bench/national_run.py``, 32,813 proposals): one ORM
    object each took about 17 s; a bulk INSERT (insertmanyvalues, 1,000 rows a
    statement) still some 10 s, most of it psycopg turning 8,000 placeholders per
    statement into PostgreSQL's; ``COPY`` sends the rows as one stream.
    """
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(Match), rows)
        return
    columns = list(rows[0])
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY matches ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([orjson.dumps(row[c]).decode() if c == "explanation" else row[c]
                            for c in columns])


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
