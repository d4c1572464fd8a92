"""``koppel match`` end to end on fixture instances: wall time, peak memory, phases.

Each scenario's instance comes from ``koppel fixtures`` (cached in --workdir). The
command runs as a subprocess (interpreter start included) --repeat times; the table
shows the median wall time, the largest peak RSS (``/usr/bin/time -v`` when present,
else the children's ``ru_maxrss``), the feasible pairs and the phase breakdown of the
median run; first the start-up time (an empty instance). Then one run with
``--with-candidates`` (time and output size), and the solve phase next to a raw
OR-Tools max-flow-min-cost on the same graph (no classes). The load average is
printed too: other work on this shared machine stretches wall times.

    .venv/bin/python bench/match.py
    .venv/bin/python bench/match.py --scenarios regional,national --repeat 1
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
    "cross-region": (50_000, 20_000, 12, True),
}
TARGET_S = {"regional": 1.5, "national": 10.0, "cross-region": 30.0}
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


def run_match(source: Path, output: Path, *extra: str) -> tuple[float, float, dict]:
    """(wall seconds, peak RSS MiB, stats) of one ``koppel match`` run."""
    command = [str(KOPPEL), "match", str(source), "-o", str(output), "--timings", *extra]
    if GNU_TIME:
        command = [GNU_TIME, "-v", *command]
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if run.returncode:
        raise SystemExit(f"koppel match failed: {run.stderr.strip()}")
    if GNU_TIME:
        line = next(li for li in run.stderr.splitlines() if "Maximum resident" in li)
        peak_mib = int(line.rsplit(":", 1)[1]) / 1024
    else:
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with output.open("rb") as result:
        result.seek(max(0, output.stat().st_size - 4096))
        tail = result.read().decode()
    stats = json.loads(tail[tail.rindex('"stats":') + 8 : -2])
    return wall, peak_mib, stats


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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "koppel-bench")
    parser.add_argument("--no-raw-flow", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"peak memory via {'/usr/bin/time -v' if GNU_TIME else 'getrusage(children)'}; "
          f"{os.cpu_count()} CPUs; {_load()}")
    empty = args.workdir / "empty.json"
    empty.write_text('{"schema": "koppel.instance/1", "volunteers": [], "pupils": []}')
    startup = sorted(run_match(empty, args.workdir / "empty-result.json")[0]
                     for _ in range(args.repeat))
    print(f"start-up (empty instance): median {startup[len(startup) // 2]:.2f} s of "
          f"{[round(s, 2) for s in startup]}")
    for name in args.scenarios.split(","):
        source = instance_file(args.workdir, name, args.seed)
        output = args.workdir / f"{name}-result.json"
        runs = sorted(run_match(source, output) for _ in range(args.repeat))
        wall, _, stats = runs[len(runs) // 2]
        peak = max(run[1] for run in runs)
        print(f"\n{name}: {stats['pupils']} pupils x {stats['volunteers']} volunteers, "
              f"{stats['feasible_pairs']:,} feasible pairs, matched {stats['matched_per_class']}")
        print(f"  wall median {wall:.2f} s of {[round(r[0], 2) for r in runs]} "
              f"(target < {TARGET_S[name]} s), peak RSS {peak:.0f} MiB (target < 2048)")
        phases = ", ".join(f"{k} {v:.2f}" for k, v in stats["timings_s"].items())
        print(f"  phases (s): {phases}; solver {stats['solver']}")
        wall_c, peak_c, _ = run_match(source, output, "--with-candidates")
        print(f"  --with-candidates: {wall_c:.2f} s, {output.stat().st_size / 2**20:,.0f} MiB "
              f"output, peak RSS {peak_c:.0f} MiB")
        if not args.no_raw_flow:
            raw = raw_flow_seconds(source)
            print(f"  solve {stats['timings_s']['solve']:.2f} s vs raw OR-Tools max-flow-min-cost "
                  f"{raw:.2f} s (ratio {stats['timings_s']['solve'] / raw:.1f})")
        print(f"  {_load()}")


def _load() -> str:
    """The load average: other work on the machine makes wall times longer."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


if __name__ == "__main__":
    main()
