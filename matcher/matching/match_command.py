"""``koppel match INSTANCE.json [-o RESULT.json] [--with-candidates]``.

Bad input (unreadable file, invalid JSON, an instance breaking a field rule) raises
:class:`matcher.shared.errors.BadInput`; the ``koppel`` entry point prints it as one line and
exits 2.
"""

from __future__ import annotations

import os
import time
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
    from matcher.matching.solve import no_cyclic_gc

    with no_cyclic_gc():
        _run(instance_path, output, with_candidates=with_candidates, timings=timings)


def _run(instance_path: Path, output: Path | None, *, with_candidates: bool,
         timings: bool) -> None:
    from matcher.matching.instance import parse_instance
    from matcher.matching.result_io import read_instance_json
    from matcher.matching.solve import cores_for_solving, match_instance

    started = time.perf_counter()
    instance = parse_instance(read_instance_json(instance_path))
    parsed = time.perf_counter() - started
    result = match_instance(instance, with_candidates=with_candidates,
                            processes=cores_for_solving())
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
