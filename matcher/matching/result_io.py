"""Reading instance files and writing ``koppel.result/1``, streaming the candidates.

With ``--with-candidates`` a national run lists tens of millions of pairs (more than a
gigabyte of JSON), so the candidates are encoded and written in chunks instead of
building one document in memory. Everything else is small and goes through orjson.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from matcher.matching.solve import RESULT_SCHEMA, MatchResult
from matcher.shared.errors import BadInput

CANDIDATE_CHUNK = 200_000


def read_instance_json(path: Path) -> Any:
    """The decoded JSON of an instance file; unreadable files and invalid JSON are
    :class:`BadInput` naming ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise BadInput(f"{path}: not valid JSON ({exc})") from exc


def write_result(
    result: MatchResult, out: BinaryIO, *, timings: dict[str, float] | None = None
) -> None:
    """Write ``result`` as compact JSON to ``out``.

    With ``timings`` (a dict, possibly empty, for instance with the time it took to
    parse) ``stats.timings_s`` holds those, the phases of ``result.timings`` and
    ``write``: the time spent writing everything before ``stats``. Without, the output
    is the same bytes for the same instance.
    """
    started = time.perf_counter()
    out.write(b'{"schema":' + orjson.dumps(RESULT_SCHEMA))
    out.write(b',"matches":' + orjson.dumps([m.to_json() for m in result.matches]))
    out.write(b',"unmatched":' + orjson.dumps([u.to_json() for u in result.unmatched]))
    out.write(b',"total_cost":' + orjson.dumps(result.total_cost))
    if result.candidates is not None:
        out.write(b',"candidates":[')
        _write_candidates(result, out)
        out.write(b"]")
    stats = dict(result.stats)
    if timings is not None:
        stats["timings_s"] = {
            **timings, **result.timings, "write": time.perf_counter() - started,
        }
    out.write(b',"stats":' + orjson.dumps(stats) + b"}\n")


def _write_candidates(result: MatchResult, out: BinaryIO) -> None:
    cand = result.candidates
    assert cand is not None
    volunteer_ids = [orjson.dumps(v.id) for v in result.instance.volunteers]
    pupil_ids = [orjson.dumps(p.id) for p in result.instance.pupils]
    for first in range(0, len(cand.pupil), CANDIDATE_CHUNK):
        last = first + CANDIDATE_CHUNK
        rows = zip(
            cand.volunteer[first:last].tolist(), cand.pupil[first:last].tolist(),
            cand.cost[first:last].tolist(), strict=True,
        )
        if first:
            out.write(b",")
        out.write(b",".join([
            b'{"volunteer":%b,"pupil":%b,"cost":%d}' % (volunteer_ids[v], pupil_ids[p], cost)
            for v, p, cost in rows
        ]))
