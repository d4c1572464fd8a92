"""The PostgreSQL race tests, run many times in a row while another core is kept busy.

A race that loses one time in fifty passes a single test run and then fails CI at
random (the erase-while-accepting deadlock did exactly that). This runs the tests
that make use cases collide — erasing while accepting, concurrent decisions and
approvals, references, the transaction retry, one token used twice — ``--runs``
times, each a fresh pytest process, with a busy loop on one core so the timing is
that of a loaded machine, and prints how many runs passed. Figures only.

    KOPPEL_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/races.py --runs 200
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RACE_TESTS = (
    "tests/deletion/test_erasure_races.py",
    "tests/matches/test_concurrent_decisions.py",
    "tests/db/test_concurrent_approvals.py",
    "tests/requests/test_concurrent_references.py",
    "tests/db/test_transaction_retry.py",
    "tests/workspace/test_weekly_digest_races.py",
    "tests/mail/test_single_use_tokens.py::"
    "test_two_uses_of_one_token_at_the_same_moment_give_exactly_one_success",
)
BUSY_LOOP = "while True: pass"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-busy-core", action="store_true", help="leave the other core idle")
    args = parser.parse_args()
    if not os.environ.get("KOPPEL_TEST_DATABASE_URL"):
        print("set KOPPEL_TEST_DATABASE_URL to a PostgreSQL database", file=sys.stderr)
        return 2
    busy = None if args.no_busy_core else subprocess.Popen([sys.executable, "-c", BUSY_LOOP])
    failures: list[tuple[int, str]] = []
    started = time.perf_counter()
    try:
        for run in range(1, args.runs + 1):
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *RACE_TESTS],
                cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CI": "true"},
                check=False,
            )
            if done.returncode != 0:
                failures.append((run, done.stdout.strip().splitlines()[-1]))
                print(f"run {run}: FAILED {failures[-1][1]}", flush=True)
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()
    minutes = (time.perf_counter() - started) / 60
    print(f"{args.runs - len(failures)} of {args.runs} runs passed in {minutes:.1f} min "
          f"({len(RACE_TESTS)} test files, other core {'idle' if busy is None else 'busy'})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
