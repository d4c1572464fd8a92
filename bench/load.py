"""Load on the production server, then a SIGKILL in the middle of sign-ups.

Builds a fresh PostgreSQL database with the demo data, starts gunicorn
(``KOPPEL_ENV=production``, a generated secret, 127.0.0.1 only) and sends a mixed
load from a second process for ``--seconds``: landing page, login page, sign-ins of
the demo volunteer, volunteer sign-ups, and (one virtual user) the demo
coordinator's matching runs. It prints requests per second, p50/p95/p99 latency and
errors per kind. With ``--kill`` it then runs sign-ups only, kills the whole server
with SIGKILL halfway, restarts it, and checks that every sign-up that got a success
response is in the database. Figures only; nothing here asserts a time.

Rate limits stay on (in Redis when it answers, as in production). The server is
told it sits behind one proxy, and each virtual user sends its own
``X-Forwarded-For`` address, as real visitors behind a proxy would.

    .venv/bin/python bench/load.py --seconds 60 --kill
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import redis
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from fixtures import demo_db
from fixtures.sign_up_form import volunteer_sign_up_form
from matcher.db import Database
from matcher.db.models import Region, User

ADMIN_URL = os.environ.get(
    "KOPPEL_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = "redis://127.0.0.1:6379/0"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOGINS = {login.role: login for login in demo_db.DEMO_LOGINS}
# Share of each kind of visit in the mixed load (matching runs: one user of its own).
MIX = (("landing", 30), ("login_page", 20), ("login", 25), ("sign_up", 25))
SIGN_UP_FORM = volunteer_sign_up_form(name="Load Test")


# --- the client side (runs in the second process) ----------------------------------


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


def visit(port: int, kind: str, record: list, signed_up: list, tag: str) -> None:
    browser = Browser(port, record)
    if kind in ("landing", "login_page"):
        browser.request(kind, "GET", "/" if kind == "landing" else "/inloggen")
    elif kind == "login":
        volunteer = LOGINS["volunteer"]
        form = {"email": volunteer.email, "password": volunteer.password}
        browser.submit(kind, "/inloggen", form)
    elif kind == "sign_up":
        email = f"load-{tag}-{uuid.uuid4().hex[:12]}@example.org"
        form = {**SIGN_UP_FORM, "email": email}
        status, _page = browser.submit(kind, "/vrijwilliger/aanmelden", form)
        if status == 302 and browser.location.endswith("/aanmelden/bijna-klaar"):
            signed_up.append(email)


def coordinator_runs(port: int, deadline: float, record: list, region_id: int) -> None:
    """Sign in as the demo coordinator (password + TOTP) and start matching runs."""
    coordinator = LOGINS["coordinator"]
    while time.monotonic() < deadline:
        browser = Browser(port, record)
        form = {"email": coordinator.email, "password": coordinator.password}
        if browser.submit("login", "/inloggen", form)[0] != 302:
            time.sleep(0.5)
            continue
        code = pyotp.TOTP(coordinator.totp_secret).now()
        if browser.submit("second_factor", "/inloggen/code", {"code": code})[0] != 302:
            time.sleep(0.5)
            continue
        while time.monotonic() < deadline:
            browser.submit("matching_run", "/coordinator/koppelrondes", {"region": str(region_id)})
            time.sleep(1.0)


def drive(port: int, seconds: float, users: int, kinds, region_id, queue) -> None:
    """The second process: ``users`` threads, each looping until the deadline."""
    deadline = time.monotonic() + seconds
    record: list = []
    signed_up: list = []
    names = [k for k, _ in kinds]
    weights = [w for _, w in kinds]

    def user(number: int) -> None:
        while time.monotonic() < deadline:
            kind = random.choices(names, weights)[0]
            visit(port, kind, record, signed_up, f"{os.getpid()}-{number}")

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    if region_id is not None:
        runs = (port, deadline, record, region_id)
        threads.append(threading.Thread(target=coordinator_runs, args=runs))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((record, signed_up))


def run_client(port: int, seconds: float, users: int, kinds, region_id=None):
    queue = multiprocessing.Queue()
    arguments = (port, seconds, users, kinds, region_id, queue)
    process = multiprocessing.Process(target=drive, args=arguments)
    process.start()
    return process, queue


# --- the server side ----------------------------------------------------------------


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


# --- the run -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed load")
    parser.add_argument("--users", type=int, default=8, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--kill", action="store_true", help="then SIGKILL during sign-ups")
    parser.add_argument("--kill-seconds", type=float, default=20, help="length of that phase")
    args = parser.parse_args()

    admin = Database(ADMIN_URL)
    name = f"koppel_load_{secrets.token_hex(4)}"
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    workdir = Path("instance") / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    server = Server(free_port(), {}, workdir / f"{name}.log")
    try:
        database.upgrade()
        demo_db.load(database)
        with database.unit_of_work() as session:
            region_id = session.scalar(select(Region.id).where(Region.slug == demo_db.DEMO_REGION))
        server.env = {
            **os.environ,
            "KOPPEL_ENV": "production",
            "KOPPEL_SECRET_KEY": secrets.token_urlsafe(48),
            "KOPPEL_DATABASE_URL": url,
            "KOPPEL_RATE_LIMIT_URL": rate_limit_storage(),
            "KOPPEL_TRUSTED_PROXIES": "1",
            "KOPPEL_PUBLIC_URL": f"http://127.0.0.1:{server.port}",
        }
        server.start(args.workers)
        print(f"gunicorn: {args.workers} workers on 127.0.0.1:{server.port}, database {name}, "
              f"rate limits in {server.env['KOPPEL_RATE_LIMIT_URL']}, "
              f"{args.users} users + 1 coordinator")
        process, queue = run_client(server.port, args.seconds, args.users, MIX, region_id)
        record, signed_up = queue.get()
        process.join()
        report("mixed load", record, args.seconds)
        print(f"sign-ups accepted: {len(signed_up)}")
        if args.kill:
            kill_phase(server, database, args)
    finally:
        server.stop()
        database.dispose()
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def kill_phase(server: Server, database: Database, args) -> None:
    """Sign-ups only; SIGKILL at half time, restart, then look for every accepted sign-up."""
    process, queue = run_client(server.port, args.kill_seconds, args.users, (("sign_up", 1),))
    time.sleep(args.kill_seconds / 2)
    server.kill()
    killed_at = time.monotonic()
    server.start(args.workers)
    down = time.monotonic() - killed_at
    record, signed_up = queue.get()
    process.join()
    report("sign-ups with a SIGKILL halfway", record, args.kill_seconds)
    with database.unit_of_work() as session:
        stored = set(session.scalars(select(User.email).where(User.email.in_(signed_up))))
    missing = sorted(set(signed_up) - stored)
    print(f"server down for {down:.1f} s (SIGKILL to answering again)")
    print(f"sign-ups answered with success: {len(signed_up)}; in the database: {len(stored)}; "
          f"missing: {len(missing)}{' ' + ', '.join(missing[:5]) if missing else ''}")


if __name__ == "__main__":
    main()
