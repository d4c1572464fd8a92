"""A national matching run as the worker carries it out: seconds per phase, peak memory.

Creates its own PostgreSQL database (``--database``, default ``koppel_bench_runs``,
dropped and made afresh through the server of ``--database-url``), migrates it, loads
the national scenario as ``koppel fixtures load`` does (``--pupils`` 50,000,
``--volunteers`` 20,000 over ``--regions`` 12, ``--seed`` 3), queues a national run as
an admin and carries it
out with :func:`matcher.matching.run_execution.execute_run` in a fresh process, as
``koppel worker`` would. Prints the seconds of building, solving and storing (from the
run's progress), the proposals stored, and the worker process's peak RSS. ``--reuse``
skips creating and loading when the database is already there (the run it queues
then closes the previous one, which adds superseding to the storing phase).

    .venv/bin/python bench/national_run.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time

from after_match import _recreate  # noqa: I001 - bench/ is the script's path
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from fixtures.generate import generate
from fixtures.scenario_load import load_scenario
from matcher.accounts.permissions import Actor, Role
from matcher.db import Database
from matcher.db.models import Match, MatchingRun, User
from matcher.matching.run_execution import execute_run
from matcher.matching.run_queue import queue_run
from matcher.matching.solve import cores_for_solving
from matcher.matching.vog_validity import ScreeningPolicy

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POLICY = ScreeningPolicy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help="a PostgreSQL URL whose server may get the bench database")
    parser.add_argument("--database", default="koppel_bench_runs")
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--volunteers", type=int, default=20_000)
    parser.add_argument("--regions", type=int, default=12)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    args = parser.parse_args()
    server = make_url(args.database_url)
    url = server.set(database=args.database).render_as_string(hide_password=False)
    if not args.reuse:
        _recreate(server, args.database)
        database = Database(url)
        database.upgrade()
        started = time.perf_counter()
        load_scenario(database, generate(pupils=args.pupils, volunteers=args.volunteers,
                                         regions=args.regions, seed=args.seed))
        print(f"loaded {args.pupils} pupils, {args.volunteers} volunteers, "
              f"{args.regions} regions in {time.perf_counter() - started:.0f} s")
        database.dispose()
    database = Database(url)
    try:
        run_id = queue_national(database)
        worker = multiprocessing.get_context("spawn").Process(target=carry_out,
                                                              args=(url, run_id))
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        worker.start()
        worker.join()
        wall = time.perf_counter() - started
        if worker.exitcode != 0:
            raise SystemExit(f"the worker failed (exit {worker.exitcode})")
        report(database, run_id, wall, load_before)
    finally:
        database.dispose()


def queue_national(database: Database) -> int:
    """Queue a national run as an admin (the loader's); its id."""
    def queue(session) -> int:
        admin_id = session.scalar(select(User.id).where(User.role == "admin").limit(1))
        admin = Actor(admin_id, Role.ADMIN, second_factor_passed=True)
        return queue_run(session, admin, region_id=None, policy=POLICY).id

    return database.run_in_transaction(queue)


def carry_out(url: str, run_id: int) -> None:
    """The worker's job, in a process of its own (so that its peak RSS is its own)."""
    database = Database(url)
    try:
        started = time.perf_counter()
        execute_run(database, run_id, policy=POLICY, processes=cores_for_solving())
        print(f"execute_run: {time.perf_counter() - started:.1f} s in all (the phases' "
              "own transactions and the storing commit included)")
    finally:
        database.dispose()


def report(database: Database, run_id: int, wall: float, load_before: float) -> None:
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        proposals = session.scalar(select(func.count()).select_from(Match)
                                   .where(Match.run_id == run_id))
        state, progress = run.state, run.progress
    seconds = progress.get("seconds", {})
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"run {run_id}: {state}; {progress.get('pupils')} pupils, "
          f"{progress.get('volunteers')} volunteers, {progress.get('feasible_pairs')} "
          f"feasible pairs, {proposals} proposals")
    print(f"build {seconds.get('build', 0):.1f} s, solve {seconds.get('solve', 0):.1f} s, "
          f"store {seconds.get('store', 0):.1f} s (before commit); worker process wall "
          f"{wall:.1f} s (start-up and commits included)")
    print(f"worker peak RSS {peak_mib:.0f} MiB; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
