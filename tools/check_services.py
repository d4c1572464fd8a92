"""Fail at once, and say how to fix it, when a server the full test suite needs is down.

``make test`` runs every database test again on PostgreSQL and the shared rate-limit
test on Redis. Without this check a missing server would only show up minutes later,
or as skipped tests that nobody reads. ``make test-sqlite`` is the explicit way to test
without either.

Usage: ``python tools/check_services.py POSTGRES_URL REDIS_URL``.
"""

from __future__ import annotations

import sys

import psycopg
import redis
from sqlalchemy.engine import make_url


def postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at ``url`` (an SQLAlchemy URL) cannot be used, or ``None``."""
    parsed = make_url(url)
    try:
        with psycopg.connect(
            host=parsed.host, port=parsed.port or 5432, user=parsed.username,
            dbname=parsed.database, password=parsed.password, connect_timeout=3,
        ) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL at {parsed.host}:{parsed.port or 5432} does not answer: {first_line}"
    return None


def redis_problem(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used, or ``None``."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at {url} does not answer: {exc}"
    return None


def main(argv: list[str]) -> int:
    postgres_url, redis_url = argv
    problems = [p for p in (postgres_problem(postgres_url), redis_problem(redis_url)) if p]
    for problem in problems:
        print(f"make test: {problem}", file=sys.stderr)
    if problems:
        print(
            "make test needs both servers (see README, 'Tests'). Start them, or run "
            "`make test-sqlite` to test on SQLite alone.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
