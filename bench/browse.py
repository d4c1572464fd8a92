"""A working day's browsing on the production server: signed-in coordinators, school
contacts and volunteers opening their pages.

Builds a fresh PostgreSQL database with the demo data (``--pupils``/``--volunteers``
generated around it), starts gunicorn in production mode, signs each role in once
(the coordinator with the second factor) and then lets ``--users`` virtual users
share those sessions for ``--seconds``: the coordinator's dashboard, lists, a run's
proposals and pupil pages; the school contact's requests; the volunteer's match page.
It prints requests per second and p50/p95/p99 latency per kind. Figures only; nothing
here asserts a time. The sign-up mix, where password hashing dominates by design, is
``bench/load.py``.

    .venv/bin/python bench/browse.py --seconds 60
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from pathlib import Path

import pyotp
from load_parts import Browser, Server, free_port, production_env, report, throwaway_database
from sqlalchemy import select

from fixtures import demo_db
from matcher.db import Database
from matcher.db.models import MatchingRun, Pupil, Region, School, User

LOGINS = {login.role: login for login in demo_db.DEMO_LOGINS}
# (kind, who, share): what a working day's visits look like.
MIX = (
    ("dashboard", "coordinator", 15),
    ("requests_list", "coordinator", 10),
    ("volunteers_list", "coordinator", 10),
    ("run_proposals", "coordinator", 10),
    ("pupil_page", "coordinator", 20),
    ("school_requests", "school", 20),
    ("volunteer_match", "volunteer", 15),
)


def sign_in(port: int, role: str) -> tuple[dict[str, str], str]:
    """The cookies and address of a fresh session of the demo ``role`` (second factor where
    needed). Sessions are bound to the address (Flask-Login's strong protection), so
    every visit in that session comes from the same one."""
    login = LOGINS[role]
    browser = Browser(port, [])
    status, _page = browser.submit("login", "/inloggen",
                                   {"email": login.email, "password": login.password})
    if status != 302:
        raise SystemExit(f"signing in as {role} failed ({status})")
    if login.totp_secret:
        code = pyotp.TOTP(login.totp_secret).now()
        status, _page = browser.submit("second_factor", "/inloggen/code", {"code": code})
        if status != 302:
            raise SystemExit(f"the second factor of {role} failed ({status})")
    return dict(browser.cookies), browser.address


def pages(database: Database) -> dict[str, list[str]]:
    """The paths each kind of visit picks from."""
    with database.unit_of_work() as session:
        region_id = session.scalar(select(Region.id).where(Region.slug == demo_db.DEMO_REGION))
        school_id = session.scalar(
            select(School.id).join(User.schools).where(User.email == LOGINS["school"].email)
        )
        pupil_ids = session.scalars(
            select(Pupil.id).join(School, Pupil.school_id == School.id)
            .where(School.region_id == region_id).limit(200)
        ).all()
        run_ids = session.scalars(
            select(MatchingRun.id).where(MatchingRun.region_id == region_id)
        ).all()
    return {
        "dashboard": [f"/coordinator/overzicht?regio={region_id}"],
        "requests_list": ["/coordinator/lijsten/aanvragen",
                          "/coordinator/lijsten/aanvragen?status=waiting"],
        "volunteers_list": ["/coordinator/lijsten/vrijwilligers"],
        "run_proposals": [f"/coordinator/koppelrondes/{run}" for run in run_ids]
        or ["/coordinator/koppelrondes"],
        "pupil_page": [f"/coordinator/leerlingen/{pupil}" for pupil in pupil_ids],
        "school_requests": [f"/school/{school_id}/aanvragen"],
        "volunteer_match": ["/vrijwilliger/koppelingen", "/vrijwilliger"],
    }


def browse(port: int, seconds: float, users: int, sessions: dict, paths: dict) -> list:
    """``users`` threads visiting pages until the deadline; returns the record."""
    deadline = time.monotonic() + seconds
    record: list = []
    failures: list = []
    kinds = [(kind, who) for kind, who, _share in MIX]
    weights = [share for _kind, _who, share in MIX]

    def user() -> None:
        browsers = {}
        while time.monotonic() < deadline:
            kind, who = random.choices(kinds, weights)[0]
            if who not in browsers:
                browsers[who] = Browser(port, record)
                cookies, address = sessions[who]
                browsers[who].cookies, browsers[who].address = dict(cookies), address
            path = random.choice(paths[kind])
            status, _page = browsers[who].request(kind, "GET", path)
            if status is not None and status != 200:
                # A redirect here means the session was lost: count it as an error.
                record[-1] = (kind, status if status >= 400 else 0, record[-1][2])
                if len(failures) < 3:
                    failures.append((kind, path, status, browsers[who].location))

    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for failure in failures:
        kind, path, status, location = failure
        print(f"not 200: {kind} {path} -> {status} {location}")
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load")
    parser.add_argument("--users", type=int, default=8, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--pupils", type=int, default=2000, help="generated pupils")
    parser.add_argument("--volunteers", type=int, default=800, help="generated volunteers")
    args = parser.parse_args()

    with throwaway_database("koppel_browse") as (url, database):
        workdir = Path("instance") / "bench"
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        server = Server(port, production_env(url, port), workdir / f"browse-{port}.log")
        try:
            demo_db.load(database, pupils=args.pupils, volunteers=args.volunteers)
            paths = pages(database)
            server.start(args.workers)
            sessions = {role: sign_in(port, role) for role in ("coordinator", "school",
                                                                 "volunteer")}
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.users} users "
                  f"sharing signed-in sessions; demo data with {args.pupils} pupils and "
                  f"{args.volunteers} volunteers")
            browse(port, 2, args.users, sessions, paths)  # warm the workers up
            record = browse(port, args.seconds, args.users, sessions, paths)
            report("browsing", record, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
