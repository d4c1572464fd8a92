"""``koppel match INSTANCE.json [-o RESULT.json] [--with-candidates]``.

Bad input (unreadable file, invalid JSON, an instance breaking a field rule) raises
:class:`matcher.shared.errors.BadInput`; the ``koppel`` entry point prints it as one line and
exits 2.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from matcher.shared.errors import BadInput

if TYPE_CHECKING:
    from matcher.matching.solve import MatchResult


@click.command("match")
@click.argument("instance_path", metavar="INSTANCE.json",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", metavar="RESULT.json",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result here instead of to standard output.")
@click.option("--with-candidates", is_flag=True,
              help="Also list every feasible pair with its cost.")
@click.option("--timings", is_flag=True,
              help="Add seconds per phase to stats.timings_s (output then differs per run).")
def match_command(
    instance_path: Path, output: Path | None, with_candidates: bool, timings: bool
) -> None:
    """Match volunteers and pupils of a koppel.instance/1 file; write koppel.result/1."""
    with _no_cyclic_gc():
        _run(instance_path, output, with_candidates=with_candidates, timings=timings)


def _run(instance_path: Path, output: Path | None, *, with_candidates: bool,
         timings: bool) -> None:
    from matcher.matching.instance import parse_instance
    from matcher.matching.result_io import read_instance_json
    from matcher.matching.solve import match_instance

    started = time.perf_counter()
    instance = parse_instance(read_instance_json(instance_path))
    parsed = time.perf_counter() - started
    result = match_instance(instance, with_candidates=with_candidates, processes=_processes())
    _write(result, output, {"parse": parsed} if timings else None)


def _write(result: MatchResult, output: Path | None, seconds: dict[str, float] | None) -> None:
    from matcher.matching.result_io import write_result

    if output is None:
        stream = click.get_binary_stream("stdout")
        write_result(result, stream, timings=seconds)
        stream.flush()
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as out:
            write_result(result, out, timings=seconds)
        os.replace(partial, output)
    except OSError as exc:
        raise BadInput(f"{output}: cannot write file ({exc.strerror or exc})") from exc


def _processes() -> int:
    """Processes for the solve: two where two cores are ours. More would add memory
    (each holds its part's flow network) for a share of the solve phase only."""
    if hasattr(os, "sched_getaffinity"):
        return min(2, len(os.sched_getaffinity(0)))
    return min(2, os.cpu_count() or 1)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    A run builds millions of objects (the decoded JSON, the instance, the result)
    that form no reference cycles; the collector would only walk them again and
    again (a national run spent about 2 s in it). Reference counting still frees
    them, when :func:`_run` returns: before the collector is back, or its first
    collection would walk them all once more (0.2 s).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
