"""What the load benchmarks share: a visitor with its own cookies, gunicorn in production
mode, a throw-away PostgreSQL database and the table of figures (bench scripts only)."""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import redis
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.engine import make_url

from matcher.db import Database
from matcher.shared import sealing

ADMIN_URL = os.environ.get(
    "KOPPEL_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = "redis://127.0.0.1:6379/0"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One visitor: a connection, its own cookies (sent even though marked Secure on
    plain HTTP) and its own address behind the pretend proxy."""

    def __init__(self, port: int, record: list) -> None:
        self.port, self.record = port, record
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.location = ""
        self.address = "10." + ".".join(str(random.randrange(1, 255)) for _ in range(3))

    def request(self, kind: str, method: str, path: str, form: dict | None = None):
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form, doseq=True) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            page = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            self.record.append((kind, 0, (time.perf_counter() - started) * 1000))
            time.sleep(0.05)  # a server that is down refuses at once; do not spin
            return None, type(exc).__name__
        self.record.append((kind, response.status, (time.perf_counter() - started) * 1000))
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.location = response.getheader("Location", "")
        return response.status, page

    def submit(self, kind: str, page: str, form: dict):
        status, html = self.request(kind + "_form", "GET", page)
        found = CSRF.search(html or "") if status == 200 else None
        if found is None:
            return None, html
        return self.request(kind, "POST", page, {**form, "csrf_token": found.group(1)})


@dataclass
class Server:
    port: int
    env: dict
    log: Path
    process: subprocess.Popen | None = field(default=None)

    def start(self, workers: int) -> None:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers", str(workers),
            "--bind", f"127.0.0.1:{self.port}",
            "--graceful-timeout", "5",
            "webapp:create_app()",
        ]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            time.sleep(0.1)
        raise SystemExit(f"gunicorn did not answer within 30 s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once (its whole process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rate_limit_storage() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return "database"
    return REDIS_URL


def production_env(url: str, port: int) -> dict[str, str]:
    """gunicorn's environment: production mode, a fresh secret, behind one proxy."""
    return {
        **os.environ,
        "KOPPEL_ENV": "production",
        "KOPPEL_SECRET_KEY": secrets.token_urlsafe(48),
        "KOPPEL_DATA_KEY": data_key(),
        "KOPPEL_DATABASE_URL": url,
        "KOPPEL_RATE_LIMIT_URL": rate_limit_storage(),
        "KOPPEL_TRUSTED_PROXIES": "1",
        "KOPPEL_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }


def data_key() -> str:
    """The data key of this bench: made once, used by this process (which loads the demo
    data and seals its secrets) and by the server it starts, which must open them."""
    if not os.environ.get("KOPPEL_DATA_KEY"):
        os.environ["KOPPEL_DATA_KEY"] = Fernet.generate_key().decode()
        sealing.keyring.cache_clear()
    return os.environ["KOPPEL_DATA_KEY"]


@contextlib.contextmanager
def throwaway_database(prefix: str) -> Iterator[tuple[str, Database]]:
    """A new PostgreSQL database at the latest migration, dropped afterwards."""
    admin = Database(ADMIN_URL)
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    data_key()
    try:
        database.upgrade()
        yield url, database
    finally:
        database.dispose()
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


# --- figures -------------------------------------------------------------------------


def report(title: str, record: list, seconds: float) -> None:
    rate = len(record) / seconds
    print(f"\n{title}: {len(record)} requests in {seconds:.0f} s = {rate:.1f} req/s")
    print(f"{'kind':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'429':>6}{'errors':>8}")
    kinds = sorted({kind for kind, _, _ in record})
    for kind in [*kinds, "all"]:
        rows = [r for r in record if kind in ("all", r[0])]
        times = sorted(ms for _, _, ms in rows)
        limited = sum(1 for _, status, _ in rows if status == 429)
        errors = sum(1 for _, status, _ in rows if status == 0 or status >= 500)
        print(f"{kind:<20}{len(rows):>7}{_pct(times, 50):>9.1f}{_pct(times, 95):>9.1f}"
              f"{_pct(times, 99):>9.1f}{limited:>6}{errors:>8}")


def _pct(sorted_values: list[float], percent: int) -> float:
    if len(sorted_values) < 2:
        return sorted_values[0] if sorted_values else 0.0
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1]


