"""``koppel match INSTANCE.json [-o RESULT.json] [--with-candidates]``.

Bad input (unreadable file, invalid JSON, an instance breaking a field rule) raises
:class:`matcher.errors.BadInput`; the ``koppel`` entry point prints it as one line and
exits 2.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from matcher.errors import BadInput


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
    from matcher.instance import parse_instance
    from matcher.matching import match_instance
    from matcher.result_io import read_instance_json, write_result

    started = time.perf_counter()
    instance = parse_instance(read_instance_json(instance_path))
    parsed = time.perf_counter() - started
    result = match_instance(instance, with_candidates=with_candidates)
    seconds = {"parse": parsed} if timings else None
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
