"""``/healthz`` answers without the database; ``/readyz`` names the check that failed."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from alembic.script import ScriptDirectory

from matcher.db import Database, migrate
from matcher.db.models import WorkerHeartbeat
from matcher.shared import clock

UNREACHABLE_URL = "postgresql+psycopg://koppel:geheim-wachtwoord@127.0.0.1:1/koppel"


def heartbeat(database, seconds_ago: int) -> None:
    seen = clock.now() - timedelta(seconds=seconds_ago)
    with database.unit_of_work() as session:
        session.add(WorkerHeartbeat(worker_id="worker-1", hostname="web-01", pid=4242,
                                    started_at=seen - timedelta(hours=1), seen_at=seen))
        session.commit()


def test_healthz_answers_ok_without_asking_the_database(make_app):
    unreachable = Database(UNREACHABLE_URL)
    response = make_app(DATABASE=unreachable).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ok_with_the_database_current_and_a_worker_seen(client, database):
    heartbeat(database, seconds_ago=20)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok", "checks": {"database": "ok", "migrations": "ok", "worker": "ok"}
    }
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_without_a_worker_in_the_last_minute_names_the_worker(client, database):
    heartbeat(database, seconds_ago=90)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["worker"]
    assert body["checks"]["database"] == "ok" and body["checks"]["migrations"] == "ok"


def test_readyz_with_the_database_behind_the_migrations_names_the_migrations(
    make_app, database
):
    heartbeat(database, seconds_ago=5)
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    previous = scripts.get_revision(scripts.get_current_head()).down_revision
    command.stamp(migrate.alembic_config(database.engine), previous, purge=True)
    try:
        response = make_app().test_client().get("/readyz")
    finally:
        command.stamp(migrate.alembic_config(database.engine), "head", purge=True)
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["migrations"]


def test_readyz_with_the_database_unreachable_says_so_and_nothing_more(make_app):
    response = make_app(DATABASE=Database(UNREACHABLE_URL)).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "failed": ["database"],
        "checks": {"database": "unreachable", "migrations": "not checked",
                   "worker": "not checked"},
    }
    text = response.get_data(as_text=True)
    for secret in ("geheim-wachtwoord", "127.0.0.1", "psycopg", "Traceback"):
        assert secret not in text


def test_probes_need_no_csrf_token_and_no_session(client):
    # A load balancer's HEAD probe, with neither cookie nor token.
    assert client.head("/healthz").status_code == 200
    assert client.get("/healthz").headers.get("Set-Cookie") is None
