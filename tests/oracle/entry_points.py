"""The only ways the oracle reaches the implementation: its Python entry point and
the ``koppel match`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matcher.matching.instance import parse_instance
from matcher.matching.solve import match_instance

from .feasibility import Pair

KOPPEL = Path(sys.executable).with_name("koppel")


def solve(instance: dict, *, with_candidates: bool = True) -> dict:
    """The result for ``instance``, as it would be read back from a JSON file."""
    raw = json.loads(json.dumps(instance))
    result = match_instance(parse_instance(raw), with_candidates=with_candidates)
    return json.loads(json.dumps(result.to_json_dict()))


def candidate_costs(result: dict) -> dict[Pair, int]:
    """The cost of every candidate pair, keyed by (volunteer id, pupil id)."""
    return {(c["volunteer"], c["pupil"]): c["cost"] for c in result["candidates"]}


def run_koppel(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``koppel`` command; never raises on a non-zero exit."""
    return subprocess.run(
        [str(KOPPEL), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )
