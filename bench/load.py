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
import multiprocessing
import os
import random
import threading
import time
import uuid
from pathlib import Path

import pyotp
from load_parts import Browser, Server, free_port, production_env, report, throwaway_database
from sqlalchemy import select

from fixtures import demo_db
from fixtures.sign_up_form import volunteer_sign_up_form
from matcher.db import Database
from matcher.db.models import Region, User

LOGINS = {login.role: login for login in demo_db.DEMO_LOGINS}
# Share of each kind of visit in the mixed load (matching runs: one user of its own).
MIX = (("landing", 30), ("login_page", 20), ("login", 25), ("sign_up", 25))
SIGN_UP_FORM = volunteer_sign_up_form(name="Load Test")


# --- the client side (runs in the second process) ----------------------------------


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


# --- figures -------------------------------------------------------------------------


# --- the run -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed load")
    parser.add_argument("--users", type=int, default=8, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--kill", action="store_true", help="then SIGKILL during sign-ups")
    parser.add_argument("--kill-seconds", type=float, default=20, help="length of that phase")
    args = parser.parse_args()

    with throwaway_database("koppel_load") as (url, database):
        workdir = Path("instance") / "bench"
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        server = Server(port, production_env(url, port), workdir / f"load-{port}.log")
        try:
            demo_db.load(database)
            with database.unit_of_work() as session:
                region_id = session.scalar(
                    select(Region.id).where(Region.slug == demo_db.DEMO_REGION)
                )
            server.start(args.workers)
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}, database {url}, "
                  f"rate limits in {server.env['KOPPEL_RATE_LIMIT_URL']}, "
                  f"{args.users} users + 1 coordinator")
            process, queue = run_client(port, args.seconds, args.users, MIX, region_id)
            record, signed_up = queue.get()
            process.join()
            report("mixed load", record, args.seconds)
            print(f"sign-ups accepted: {len(signed_up)}")
            if args.kill:
                kill_phase(server, database, args)
        finally:
            server.stop()


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
