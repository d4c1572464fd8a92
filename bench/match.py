"""``koppel match`` end to end on fixture instances: wall time, CPU time, peak memory.

Each scenario's instance comes from ``koppel fixtures`` (cached in --workdir). The
command runs as a subprocess (interpreter start included) --repeat times; the table
shows the median wall time, the median CPU time (user + system of the process and the
process it forks for the solve, from ``/usr/bin/time -v``), the largest peak RSS (of
one process; ``/usr/bin/time -v`` when present, else the children's ``ru_maxrss``),
the feasible pairs and the phase breakdown of the median run; first the start-up time
(an empty instance). Optionally one run with ``--with-candidates`` (time and output
size), and the solve phase next to a raw OR-Tools max-flow-min-cost on the same
graph (no classes). The load average is printed too: other work on this shared
machine stretches wall times far more than CPU times.

``--before DIR`` runs an older checkout's ``algorithms``, ``matcher`` and ``webapp``
(for instance ``git archive COMMIT algorithms matcher webapp | tar -x -C DIR``)
alternately with this one, and checks that both give the same class counts and total
cost.

    .venv/bin/python bench/match.py
    .venv/bin/python bench/match.py --scenarios regional,national --repeat 1
    .venv/bin/python bench/match.py --before /tmp/koppel-before --no-extras
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS = {  # name: (pupils, volunteers, regions, cross_region_online)
    "regional": (2_000, 800, 1, False),
    "national": (50_000, 20_000, 12, False),
    "national-4x": (200_000, 80_000, 12, False),
    "cross-region": (50_000, 20_000, 12, True),
}
# Issue 16: (seconds, MiB) end to end on a quiet machine.
TARGETS = {"regional": (0.25, None), "national": (3.5, 400), "national-4x": (25.0, 2048),
           "cross-region": (10.0, 1024)}
KOPPEL = Path(sys.executable).with_name("koppel")
GNU_TIME = shutil.which("time", path="/usr/bin")


def instance_file(workdir: Path, name: str, seed: int) -> Path:
    """The fixture instance of scenario ``name``, generated once per seed."""
    pupils, volunteers, regions, cross = SCENARIOS[name]
    path = workdir / f"{name}-{seed}.json"
    if not path.exists():
        args = [str(KOPPEL), "fixtures", "--pupils", str(pupils), "--volunteers",
                str(volunteers), "--regions", str(regions), "--seed", str(seed), "-o", str(path)]
        subprocess.run(args + (["--cross-region-online"] if cross else []), check=True)
    return path


def run_match(source: Path, output: Path, *extra: str, code: Path | None = None
              ) -> tuple[float, float | None, float, dict]:
    """(wall seconds, CPU seconds, peak RSS MiB, stats) of one ``koppel match`` run;
    with ``code``, of the ``algorithms``/``matcher``/``webapp`` found there."""
    command = [str(KOPPEL), "match", str(source.resolve()), "-o", str(output.resolve()),
               "--timings", *extra]
    if GNU_TIME:
        command = [GNU_TIME, "-v", *command]
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=False, env=env,
                         cwd=tempfile.gettempdir())  # not the checkout: its files would win
    wall = time.perf_counter() - started
    if run.returncode:
        raise SystemExit(f"koppel match failed: {run.stderr.strip()}")
    cpu = None
    if GNU_TIME:
        fields = dict(li.strip().split(": ", 1) for li in run.stderr.splitlines() if ": " in li)
        peak_mib = int(fields["Maximum resident set size (kbytes)"]) / 1024
        cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    else:
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with output.open("rb") as result:
        result.seek(max(0, output.stat().st_size - 4096))
        tail = result.read().decode()
    stats = json.loads(tail[tail.rindex('"stats":') + 8 : -2])
    total = json.loads(tail[tail.rindex('"total_cost":') + 13 : tail.rindex(',"stats":')])
    stats["total_cost"] = total
    return wall, cpu, peak_mib, stats


def raw_flow_seconds(source: Path) -> float:
    """Seconds of a plain OR-Tools max-flow-min-cost over the same feasible pairs."""
    import numpy as np
    import orjson
    from ortools.graph.python import min_cost_flow

    from matcher.matching.instance import parse_instance
    from matcher.matching.instance_arrays import columns_of
    from matcher.matching.solve import find_candidates

    instance = parse_instance(orjson.loads(source.read_bytes()))
    cols = columns_of(instance)
    cand = find_candidates(instance, cols)
    n_p, n_v = len(instance.pupils), len(instance.volunteers)
    started = time.perf_counter()
    source_node, sink = n_p + n_v, n_p + n_v + 1
    tails = np.concatenate([np.full(n_p, source_node), cand.pupil, n_p + np.arange(n_v)])
    heads = np.concatenate([np.arange(n_p), n_p + cand.volunteer, np.full(n_v, sink)])
    caps = np.concatenate([np.ones(n_p + len(cand.pupil), np.int64), cols.capacity_left])
    costs = np.concatenate([np.zeros(n_p, np.int64), cand.cost, np.zeros(n_v, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source_node, sink]), np.array([n_p, -n_p]))
    flow.solve_max_flow_with_min_cost()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "koppel-bench")
    parser.add_argument("--before", type=Path, help="an older checkout to run alternately")
    parser.add_argument("--no-extras", action="store_true",
                        help="skip the --with-candidates run and the raw OR-Tools flow")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"peak memory via {'/usr/bin/time -v' if GNU_TIME else 'getrusage(children)'}; "
          f"{os.cpu_count()} CPUs; {_load()}")
    codes = {"after": None} if args.before is None else {"before": args.before, "after": None}
    empty = args.workdir / "empty.json"
    empty.write_text('{"schema": "koppel.instance/1", "volunteers": [], "pupils": []}')
    for label, code in codes.items():
        startup = sorted(run_match(empty, args.workdir / "empty-result.json", code=code)[:2]
                         for _ in range(args.repeat))
        print(f"start-up (empty instance), {label}: median wall {_median(startup, 0):.2f} s, "
              f"CPU {_median(startup, 1):.2f} s")
    for name in args.scenarios.split(","):
        source = instance_file(args.workdir, name, args.seed)
        runs: dict[str, list] = {label: [] for label in codes}
        for _ in range(args.repeat):  # alternately, so both meet the same load
            for label, code in codes.items():
                runs[label].append(run_match(source, args.workdir / f"{name}-{label}.json",
                                             code=code))
        seconds, mib = TARGETS[name]
        for label, done in runs.items():
            stats = sorted(done, key=lambda run: run[0])[len(done) // 2][3]
            print(f"\n{name} ({label}): {stats['pupils']} pupils x {stats['volunteers']} "
                  f"volunteers, {stats['feasible_pairs']:,} feasible pairs, matched "
                  f"{stats['matched_per_class']}, total cost {stats['total_cost']}")
            print(f"  wall median {_median(done, 0):.2f} s of {[round(r[0], 2) for r in done]} "
                  f"(target {seconds} s); CPU median {_median(done, 1):.2f} s of "
                  f"{[r[1] and round(r[1], 2) for r in done]}; peak RSS "
                  f"{max(r[2] for r in done):.0f} MiB (target {mib or '-'})")
            phases = ", ".join(f"{k} {v:.2f}" for k, v in stats["timings_s"].items())
            print(f"  phases (s): {phases}; solver {stats['solver']}")
        answers = {(str(r[3]["matched_per_class"]), r[3]["total_cost"])
                   for done in runs.values() for r in done}
        print(f"  same class counts and total cost in every run: {len(answers) == 1}")
        if not args.no_extras:
            output = args.workdir / f"{name}-candidates.json"
            wall_c, _, peak_c, _ = run_match(source, output, "--with-candidates")
            print(f"  --with-candidates: {wall_c:.2f} s, {output.stat().st_size / 2**20:,.0f} "
                  f"MiB output, peak RSS {peak_c:.0f} MiB")
            raw = raw_flow_seconds(source)
            solve = runs["after"][0][3]["timings_s"]["solve"]
            print(f"  solve {solve:.2f} s vs raw OR-Tools max-flow-min-cost {raw:.2f} s")
        print(f"  {_load()}")


def _median(runs: list, field: int) -> float:
    values = sorted(run[field] or 0.0 for run in runs)
    return values[len(values) // 2]


def _load() -> str:
    """The load average: other work on the machine makes wall times longer."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


if __name__ == "__main__":
    main()
