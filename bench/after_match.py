"""The work after the match at national scale: escalation job, attention list, health list, report.

Creates its own PostgreSQL database (``--database``, default ``koppel_bench``, dropped
and made afresh through the server of ``--database-url``), migrates it with the
project's Alembic path, and loads ``--matches`` live matches (one volunteer and one
pupil each, spread over the default regions, started 30 to 400 days ago) with
``--moments`` contact moments (COPY; about one in seven did not reach the pupil; one
pair in ten has been quiet for three weeks or more, the others reached the pupil in
the last week), 1,000 holiday pauses, an agreed
rhythm for a third of the pairs and an answered four-week check-in for half.

It then times, on a warm process:

- ``escalate_silent_matches``: the first run (which takes every step that is due and
  queues its mails) and the hourly run after it, with nothing new to take;
- the server time of ``/coordinator/aandacht``, ``/coordinator/lopende-koppels`` and
  ``/coordinator/rapportage`` for the coordinator of the largest region, and the
  latter two for an admin (all regions, national report), through the Flask test
  client (routing, queries and template; no network).

    .venv/bin/python bench/after_match.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import psycopg
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

from fixtures import demo_db
from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.contacts.escalation import escalate_silent_matches
from matcher.contacts.silence import silences
from matcher.db import Database
from matcher.db.models import (
    ContactAgreement,
    HolidayPause,
    Match,
    PairQuestionnaire,
    Pupil,
    Region,
    School,
    User,
    VolunteerProfile,
)
from matcher.shared import clock
from webapp import create_app

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
PASSWORD = "bench-lange-wachtzin-na-de-koppeling"  # noqa: S105 - a throwaway database
TOTP_SECRET = "KOPPELBENCHAFTERMATCHSECRET23456"  # noqa: S105
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SCHOOLS_PER_REGION = 20
CHUNK = 5_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help="a PostgreSQL URL whose server may get the bench database")
    parser.add_argument("--database", default="koppel_bench")
    parser.add_argument("--matches", type=int, default=20_000)
    parser.add_argument("--moments", type=int, default=400_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    server = make_url(args.database_url)
    _recreate(server, args.database)
    database = Database(server.set(database=args.database).render_as_string(hide_password=False))
    try:
        with clock.frozen_at(NOW):
            database.upgrade()
            started = time.perf_counter()
            region_id = load(database, args)
            print(f"loaded {args.matches} live matches, {args.moments} contact moments "
                  f"in {time.perf_counter() - started:.0f} s")
            measure(database, region_id, args.requests)
    finally:
        database.dispose()


def _recreate(server, name: str) -> None:
    """Drop and create the bench database (never the one of the URL itself)."""
    if name == server.database or not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", name):
        raise SystemExit(f"refusing to use database {name!r}")
    dsn = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def load(database: Database, args: argparse.Namespace) -> int:
    """Regions, schools, volunteers, pupils, matches and the after-match rows; returns the
    id of the largest region."""
    rng = random.Random(args.seed)
    today = NOW.date()
    with database.unit_of_work() as session:
        regions = list(demo_db.region_rows().values())
        session.add_all(regions)
        session.flush()
        places = [(r, n) for r in regions for n in range(SCHOOLS_PER_REGION)]
        schools = session.scalars(insert(School).returning(School.id), [
            {"name": f"Bench College {r.slug} {n}", "brin": f"{i % 100:02d}B{chr(65 + i // 100)}",
             "levels": ["havo"], "region_id": r.id} for i, (r, n) in enumerate(places)
        ]).all()
        region_of_school = dict(session.execute(select(School.id, School.region_id)).all())
        match_ids: list[int] = []
        for first in range(0, args.matches, CHUNK):
            count = min(CHUNK, args.matches - first)
            match_ids += _pairs(session, rng, schools, region_of_school, first, count)
        session.commit()
    silent = set(rng.sample(match_ids, len(match_ids) // 10))
    started_on = _started_days(database, match_ids)
    _copy_moments(database, rng, match_ids, started_on, silent, args.moments, today)
    with database.unit_of_work() as session:
        session.execute(insert(ContactAgreement), [
            {"match_id": m, "rhythm": rng.choice(("twice_weekly", "fortnightly", "weekly"))}
            for m in match_ids[::3]])
        session.execute(insert(HolidayPause), [
            {"match_id": m, "starts_on": today - timedelta(days=rng.randint(0, 20)),
             "ends_on": today + timedelta(days=rng.randint(0, 14))}
            for m in rng.sample(match_ids, min(1000, len(match_ids)))])
        session.execute(insert(PairQuestionnaire), [
            {"match_id": m, "kind": "week_4", "side": "volunteer",
             "answered_at": NOW - timedelta(days=rng.randint(1, 80)),
             "scores": [rng.randint(1, 5) for _ in range(3)]} for m in match_ids[::2]])
        largest = session.execute(
            select(School.region_id, func.count(Match.id))
            .join(Pupil, Pupil.school_id == School.id).join(Match, Match.pupil_id == Pupil.id)
            .group_by(School.region_id).order_by(func.count(Match.id).desc()).limit(1)
        ).one()[0]
        for role, email, region_ids in (("coordinator", "coordinator@bench.koppel.test",
                                          [largest]), ("admin", "admin@bench.koppel.test", [])):
            session.add(User(email=email, role=role, password_hash=hash_password(PASSWORD),
                             totp_secret=TOTP_SECRET, email_confirmed_at=NOW,
                             regions=[session.get(Region, r) for r in region_ids]))
        session.commit()
    return largest


def _pairs(session, rng: random.Random, schools: list[int], region_of_school: dict[int, int],
           first: int, count: int) -> list[int]:
    """``count`` volunteers with a live match each, pupils at random schools."""
    numbers = range(first, first + count)
    user_ids = session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
        {"email": f"v{n}@bench.koppel.test", "role": "volunteer",
         "display_name": f"Vrijwilliger {n}", "email_confirmed_at": NOW} for n in numbers
    ]).all()
    school_ids = [rng.choice(schools) for _ in numbers]
    profile_ids = session.scalars(
        insert(VolunteerProfile).returning(VolunteerProfile.id, sort_by_parameter_order=True), [
            {"user_id": u, "region_id": region_of_school[s], "subjects": ["wiskunde"],
             "levels": ["havo"], "screening_state": "approved", "capacity": 1,
             "vog_issued_on": date(2026, 1, 5)} for u, s in zip(user_ids, school_ids, strict=True)
        ]).all()
    pupil_ids = session.scalars(insert(Pupil).returning(Pupil.id, sort_by_parameter_order=True), [
        {"school_id": s, "reference": f"B-{n}", "school_year": 2, "level": "havo",
         "subjects": ["wiskunde"], "state": "matched", "days_waited_before": rng.randint(0, 90),
         "created_at": NOW - timedelta(days=rng.randint(60, 500))}
        for n, s in zip(numbers, school_ids, strict=True)
    ]).all()
    return list(session.scalars(insert(Match).returning(Match.id, sort_by_parameter_order=True), [
        {"volunteer_id": v, "pupil_id": p, "state": "active", "mode": "online",
         "started_at": NOW - timedelta(days=rng.randint(30, 400))}
        for v, p in zip(profile_ids, pupil_ids, strict=True)
    ]).all())


def _started_days(database: Database, match_ids: list[int]) -> dict[int, date]:
    with database.unit_of_work() as session:
        return {m: started.date() for m, started in session.execute(
            select(Match.id, Match.started_at))}


def _copy_moments(database: Database, rng: random.Random, match_ids: list[int],
                  started_on: dict[int, date], silent: set[int], total: int,
                  today: date) -> None:
    """``total`` moments spread over the matches, through COPY (the fastest bulk path)."""
    buffer = io.StringIO()
    per_match, extra = divmod(total, len(match_ids))
    for index, match_id in enumerate(match_ids):
        start = started_on[match_id]
        end = today - timedelta(days=rng.randint(21, 60) if match_id in silent else 0)
        span = max((end - start).days, 1)
        for n in range(per_match + (index < extra)):
            day = start + timedelta(days=rng.randint(0, span))
            reached = "f" if rng.random() < 0.15 else "t"
            if n == 0 and match_id not in silent:  # in touch: reached in the last week
                day, reached = max(today - timedelta(days=rng.randint(0, 6)), start), "t"
            buffer.write(f"{match_id}\t{day}\t30\tvideo\t[]\tgood\t{reached}\t{NOW}\n")
    connection = database.engine.raw_connection()
    try:
        with connection.cursor() as cursor, cursor.copy(
            "COPY contact_moments (match_id, happened_on, minutes, way, topics, mood, reached, "
            "created_at) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        connection.commit()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


def measure(database: Database, region_id: int, requests: int) -> None:
    """Time the escalation job and the three pages."""
    with database.unit_of_work() as session:
        started = time.perf_counter()
        taken = escalate_silent_matches(session, NOW, base_url="https://koppel.test")
        first_run = time.perf_counter() - started
        session.commit()
    with database.unit_of_work() as session:
        started, started_cpu = time.perf_counter(), time.process_time()
        again = escalate_silent_matches(session, NOW, base_url="https://koppel.test")
        hourly, hourly_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        session.rollback()
    with database.unit_of_work() as session:
        started = time.perf_counter()
        silent = silences(session, NOW.date())
        reading = time.perf_counter() - started
    print(f"escalate_silent_matches: first run {first_run:.2f} s ({taken} steps taken), "
          f"hourly run after it {hourly:.2f} s, app CPU {hourly_cpu:.2f} s ({again} steps; "
          f"target <= 2 s); of which silences() for {len(silent)} pairs {reading:.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
    app = create_app({"DATABASE": database, "TESTING": True, "SECRET_KEY": "bench-" * 8})
    with database.unit_of_work() as session:
        in_region = session.scalar(
            select(func.count(Match.id)).join(Pupil, Match.pupil_id == Pupil.id)
            .join(School, Pupil.school_id == School.id).where(School.region_id == region_id))
    coordinator = _signed_in(app, "coordinator@bench.koppel.test")
    admin = _signed_in(app, "admin@bench.koppel.test")
    print(f"coordinator's region: {in_region} live matches")
    for who, client, page, target in (
        ("coordinator", coordinator, "/coordinator/aandacht", 200),
        ("coordinator", coordinator, "/coordinator/lopende-koppels", None),
        ("admin", admin, "/coordinator/lopende-koppels", None),
        ("coordinator", coordinator, "/coordinator/rapportage", 500),
        ("admin", admin, "/coordinator/rapportage", 500),
    ):
        _time_page(client, who, page, requests, target)
    print(f"load average {os.getloadavg()[0]:.2f}")


def _signed_in(app, email: str):
    client = app.test_client()
    for page, data in (("/inloggen", {"email": email, "password": PASSWORD}),
                       ("/inloggen/code", {"code": users.current_totp_code(TOTP_SECRET)})):
        token = CSRF.search(client.get(page).get_data(as_text=True)).group(1)
        response = client.post(page, data={**data, "csrf_token": token})
        assert response.status_code in (200, 302), (page, response.status_code)
    return client


def _time_page(client, who: str, page: str, requests: int, target: int | None) -> None:
    """Wall time and the app's own CPU time (PostgreSQL's share not in it) per request.

    The machine's cores are shared, so wall time includes waiting for one; the CPU
    time moves far less with the load.
    """
    for _ in range(2):
        assert client.get(page).status_code == 200, page
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(page)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    timings.sort()
    goal = f"; target <= {target} ms" if target else ""
    print(f"{page} ({who}): median {statistics.median(timings):.0f} ms, "
          f"max {timings[-1]:.0f} ms, app CPU median {statistics.median(cpu):.0f} ms, "
          f"{len(response.data) / 1024:.0f} KiB{goal}")


if __name__ == "__main__":
    main()
