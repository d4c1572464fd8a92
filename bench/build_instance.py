"""Building a national run's instance from PostgreSQL: ``build_instance`` on a loaded scenario.

Creates its own PostgreSQL database (``--database``, default ``koppel_bench_build``,
dropped and made afresh through the server of ``--database-url``), migrates it, loads
the national scenario (``--pupils`` × ``--volunteers`` over ``--regions`` regions,
``--seed``) with ``koppel fixtures load``'s function, and times
:func:`matcher.matching.instance_builder.build_instance` for the whole country
``--repeat`` times in one warm process: wall and CPU time (user + sys) of each build,
the people in the document, and the process's peak RSS. ``--reuse`` skips the
database and the load and times an already loaded ``--database``; ``--builder old``
times the builder as it was (the oracle the tests keep,
``tests/matches/builder_oracle.py``) for before/after figures. Run each builder in a
process of its own so that the peak RSS is that builder's.

    .venv/bin/python bench/build_instance.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/build_instance.py --reuse --builder old
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import time

import psycopg
from sqlalchemy.engine import make_url

from fixtures.generate import generate
from fixtures.scenario_load import load_scenario
from matcher.db import Database
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
OPTIONS = {"min_overlap_minutes": 60, "cross_region_online": False}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help="a PostgreSQL URL whose server may get the bench database")
    parser.add_argument("--database", default="koppel_bench_build")
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--volunteers", type=int, default=20_000)
    parser.add_argument("--regions", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true",
                        help="time an already loaded --database; no drop, no load")
    parser.add_argument("--builder", choices=("new", "old"), default="new")
    args = parser.parse_args()
    server = make_url(args.database_url)
    if not args.reuse:
        _recreate(server, args.database)
    database = Database(server.set(database=args.database).render_as_string(hide_password=False))
    try:
        if not args.reuse:
            database.upgrade()
            wall, cpu = time.perf_counter(), _cpu()
            loaded = load_scenario(database, generate(
                pupils=args.pupils, volunteers=args.volunteers, regions=args.regions,
                seed=args.seed))
            print(f"load: {loaded.pupils} pupils, {loaded.volunteers} volunteers, "
                  f"{loaded.schools} schools: {time.perf_counter() - wall:.1f} s wall, "
                  f"{_cpu() - cpu:.1f} s CPU (user+sys)")
        measure(database, _builder(args.builder), args.builder, args.repeat)
    finally:
        database.dispose()


def measure(database: Database, build, name: str, repeat: int) -> None:
    """Time ``build`` for the whole country ``repeat`` times; print each and the median."""
    walls, cpus = [], []
    for _ in range(repeat):
        with database.unit_of_work() as session:
            wall, cpu = time.perf_counter(), _cpu()
            built = build(session, region_id=None, now=clock.now(), options=OPTIONS,
                          policy=ScreeningPolicy())
            walls.append(time.perf_counter() - wall)
            cpus.append(_cpu() - cpu)
        doc = built.document
        print(f"build ({name}): {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU; "
              f"{len(doc['volunteers'])} volunteers, {len(doc['pupils'])} pupils, "
              f"{len(built.left_out)} left out")
    print(f"build ({name}) median of {repeat}: {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU; peak RSS {_peak_rss_mb():.0f} MB")


def _builder(name: str):
    if name == "new":
        from matcher.matching.instance_builder import build_instance

        return build_instance
    # The builder as it was lives on only as the tests' oracle.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from tests.matches.builder_oracle import build_instance

    return build_instance


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _recreate(server, name: str) -> None:
    """Drop and create the bench database (never the one of the URL itself)."""
    if name == server.database or not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", name):
        raise SystemExit(f"refusing to use database {name!r}")
    dsn = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


if __name__ == "__main__":
    main()
