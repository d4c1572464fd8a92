"""``koppel runs``: queue a matching run, follow it, list and show runs.

``start`` acts as the staff account named by ``--as`` (an admin, or a coordinator of
the region): the same permission checks as the web page, and the run and its audit
entry name that account. Whoever can run ``koppel`` on the server already holds the
database URL, so the account counts as having passed its second factor. ``list`` and
``show`` print counts and states only (no personal data) and need no account.

A run is carried out by ``koppel worker``. ``--wait`` follows it phase by phase and
exits 1 when it fails; ``--inline`` carries it out in this process instead, for a
setup without a worker.
"""

from __future__ import annotations

import time
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from matcher.accounts.permissions import Actor, NotPermitted, OutOfScope, Role
from matcher.db import Database
from matcher.db.models import MatchingRun, Region
from matcher.db.queries import user_by_email
from matcher.matching.run_execution import execute_run
from matcher.matching.run_queue import queue_run
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared.errors import BadInput
from webapp import config

STAFF = (Role.ADMIN, Role.COORDINATOR)
POLL_SECONDS = 1.0


@click.group("runs")
def runs_group() -> None:
    """Matching runs: start one (queued for the worker), list them, show one."""


@runs_group.command("start")
@click.option("--region", "region_slug", metavar="CODE", help="The region's code (slug).")
@click.option("--national", is_flag=True, help="A run over the whole country.")
@click.option("--cross-region-online", is_flag=True,
              help="National run: also pair online across regions.")
@click.option("--as", "email", required=True, metavar="EMAIL",
              help="The admin or coordinator account that starts the run.")
@click.option("--wait", is_flag=True, help="Follow the run until it is done; exit 1 if it fails.")
@click.option("--inline", is_flag=True,
              help="Carry the run out in this process instead of koppel worker (implies --wait).")
def start(region_slug: str | None, national: bool, cross_region_online: bool, email: str,
          wait: bool, inline: bool) -> None:
    """Queue a matching run for a region (--region CODE) or the country (--national)."""
    if national == (region_slug is not None):
        raise BadInput("region: give either --region CODE or --national")
    if cross_region_online and not national:
        raise BadInput("cross-region-online: only for a national run")
    policy = ScreeningPolicy.from_env()
    db = _database()
    try:
        def queue(session: Session) -> int:
            region_id = None if national else _region_id(session, region_slug or "")
            return queue_run(session, _actor(session, email), region_id=region_id,
                             cross_region_online=cross_region_online, policy=policy).id

        try:
            run_id = db.run_in_transaction(queue)
        except (NotPermitted, OutOfScope):
            raise BadInput(f"as: {email} may not start this run") from None
        click.echo(f"Run {run_id} queued.")
        if inline:
            _carry_out(db, run_id, policy)
        if wait or inline:
            _follow(db, run_id)
    finally:
        db.dispose()


@runs_group.command("list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
def list_runs(limit: int) -> None:
    """The latest runs: id, region, state, started, pupils, proposals."""
    db = _database()
    try:
        with db.unit_of_work() as session:
            names = _region_names(session)
            runs = session.scalars(
                select(MatchingRun)
                .options(load_only(MatchingRun.region_id, MatchingRun.state,
                                   MatchingRun.created_at, MatchingRun.statistics))
                .order_by(MatchingRun.id.desc()).limit(limit)
            ).all()
            for run in runs:
                click.echo(f"{run.id}\t{names.get(run.region_id, 'national')}\t{run.state}\t"
                           f"{run.created_at:%Y-%m-%d %H:%M}\t"
                           f"{run.statistics.get('pupils', '-')} pupils")
    finally:
        db.dispose()


@runs_group.command("show")
@click.argument("run_id", type=int)
@click.option("--wait", is_flag=True, help="Follow the run until it is done; exit 1 if it fails.")
def show(run_id: int, wait: bool) -> None:
    """One run: state, phases, counts (per region for a national run), failure."""
    db = _database()
    try:
        if wait:
            _follow(db, run_id)
        with db.unit_of_work() as session:
            run = session.get(MatchingRun, run_id, options=[load_only(
                MatchingRun.region_id, MatchingRun.state, MatchingRun.created_at,
                MatchingRun.finished_at, MatchingRun.progress, MatchingRun.failure)])
            if run is None:
                raise BadInput(f"run: no matching run {run_id}")
            names = _region_names(session)
            click.echo(f"run {run.id}: {names.get(run.region_id, 'national')}, {run.state}")
            for line in _details(run.progress):
                click.echo(line)
            if run.failure:
                click.echo(f"failure: {run.failure}")
    finally:
        db.dispose()


def _details(progress: dict[str, Any]) -> list[str]:
    lines = [f"{phase}: {at}" for phase, at in progress.get("phases", {}).items()]
    for field in ("pupils", "volunteers", "feasible_pairs", "proposals"):
        if progress.get(field) is not None:
            lines.append(f"{field.replace('_', ' ')}: {progress[field]}")
    for slug, counts in progress.get("regions", {}).items():
        lines.append(f"  {slug}: {counts['pupils']} pupils, {counts['volunteers']} volunteers")
    return lines


def _carry_out(db: Database, run_id: int, policy: ScreeningPolicy) -> None:
    try:
        execute_run(db, run_id, policy=policy)
    except Exception as error:  # noqa: BLE001 - the run records why; _follow says it
        # The traceback went to the log; the run says why in words, unless even that
        # could not be written (the database gone).
        with db.unit_of_work() as session:
            if session.get(MatchingRun, run_id).state != "failed":
                click.echo(f"koppel: run {run_id} failed: {type(error).__name__}", err=True)
                raise SystemExit(1) from None


def _follow(db: Database, run_id: int) -> None:
    """Print each phase as the run reaches it; exit 1 with the reason if it fails."""
    seen = None
    while True:
        with db.unit_of_work() as session:
            state, progress, failure = session.execute(
                select(MatchingRun.state, MatchingRun.progress, MatchingRun.failure)
                .where(MatchingRun.id == run_id)
            ).one()
        if state != seen:
            counts = ", ".join(f"{progress[f]} {f}" for f in ("pupils", "volunteers")
                               if progress.get(f) is not None)
            click.echo(f"run {run_id}: {state}" + (f" ({counts})" if counts else ""))
            seen = state
        if state in ("open", "closed"):
            return
        if state == "failed":
            click.echo(f"koppel: run {run_id} failed: {failure}", err=True)
            raise SystemExit(1)
        time.sleep(POLL_SECONDS)


def _actor(session: Session, email: str) -> Actor:
    user = user_by_email(session, email)
    if user is None or not user.active or user.anonymised_at is not None \
            or Role(user.role) not in STAFF:
        raise BadInput(f"as: no active admin or coordinator account {email}")
    return Actor(user.id, Role(user.role), frozenset(r.id for r in user.regions),
                 frozenset(s.id for s in user.schools), second_factor_passed=True)


def _region_id(session: Session, slug: str) -> int:
    region_id = session.scalar(select(Region.id).where(Region.slug == slug))
    if region_id is None:
        raise BadInput(f"region: no region with code {slug!r}")
    return region_id


def _region_names(session: Session) -> dict[int | None, str]:
    return dict(session.execute(select(Region.id, Region.slug)).all())


def _database() -> Database:
    return Database(config.from_environment()["DATABASE_URL"])
