"""Shares of one problem solved in forked processes, to use a second core.

Connected components share no row and no column, so batches of them can be solved at
the same time. A forked child sees the parent's arrays without copying or pickling
them (copy on write, and they are only read); it solves its share and sends back only
the chosen edge indices through a pipe, while the parent solves the first share. The
result does not depend on how the batches are shared out: each is solved alone.
"""

import os
import struct
import traceback
from collections.abc import Callable, Sequence

import numpy as np

HEADER = struct.Struct("<q")  # byte length of the answer; negative for a traceback


def can_fork() -> bool:
    """Whether this platform can fork (POSIX)."""
    return hasattr(os, "fork")


def run_shares(work: Callable[[np.ndarray], np.ndarray], shares: Sequence[np.ndarray]
               ) -> list[np.ndarray]:
    """``work(share)`` for every share, in order: the first in this process, each other
    in a forked child. ``work`` returns int64 arrays. An exception in a child is raised
    here as :class:`RuntimeError` with the child's traceback."""
    children: list[tuple[int, int]] = []
    results: list[np.ndarray] = []
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child ends in os._exit, which coverage misses
                os.close(read_end)
                _answer(work, share, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        results.append(work(shares[0]))
        while children:
            pid, read_end = children.pop(0)
            results.append(_received(pid, read_end))
    finally:
        for pid, read_end in children:  # only after an exception: end them
            os.close(read_end)
            os.waitpid(pid, 0)
    return results


def _answer(work: Callable[[np.ndarray], np.ndarray], share: np.ndarray, fd: int) -> None:
    """The child's part: solve, write the answer (or the traceback) and exit at once,
    without running the parent's exit handlers."""
    try:
        try:
            data = np.ascontiguousarray(work(share), dtype=np.int64).tobytes()
            header = HEADER.pack(len(data))
        except BaseException:
            data = traceback.format_exc().encode()
            header = HEADER.pack(-len(data))
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(data)
    finally:
        os._exit(0)


def _received(pid: int, fd: int) -> np.ndarray:
    with os.fdopen(fd, "rb") as answer:
        header = answer.read(HEADER.size)
        data = answer.read()
    os.waitpid(pid, 0)
    if len(header) != HEADER.size:
        raise RuntimeError("a forked solver ended without an answer")
    (length,) = HEADER.unpack(header)
    if length < 0:
        raise RuntimeError("a forked solver failed:\n" + data.decode(errors="replace"))
    return np.frombuffer(data, dtype=np.int64)
