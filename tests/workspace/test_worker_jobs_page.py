"""The admins see the worker's parked jobs (also as a notice on their home page) and queue
one again with a button; they see which workers said they are running."""

from __future__ import annotations

from sqlalchemy import select

from matcher.db.models import AuditEntry, Job
from matcher.jobs import heartbeats
from matcher.shared import clock
from tests.web.web_helpers import csrf_token
from tests.workspace.conftest import sign_in_fully


def _parked(database) -> int:
    def park(session):
        job = Job(kind="send_weekly_digests", state="parked", attempts=3, max_attempts=3,
                  run_after=clock.now(), finished_at=clock.now(),
                  last_error="OperationalError: connection refused")
        session.add(job)
        session.flush()
        return job.id

    return database.run_in_transaction(park)


def test_an_admin_sees_a_parked_job_and_queues_it_again(client, people, database):
    job_id = _parked(database)
    database.run_in_transaction(lambda session: heartbeats.beat(
        session, "w1", hostname="worker-1.example", pid=4242, started_at=clock.now()))
    sign_in_fully(client, people.admin)

    home = client.get("/beheer/").get_data(as_text=True)
    assert "1 taak van de worker blijft mislukken." in home
    page = client.get("/beheer/taken").get_data(as_text=True)
    assert "Wekelijks overzicht versturen" in page
    assert "OperationalError: connection refused" in page
    assert "worker-1.example" in page

    response = client.post(f"/beheer/taken/{job_id}/opnieuw",
                           data={"csrf_token": csrf_token(client, "/beheer/taken")})
    assert response.status_code == 302
    page = client.get("/beheer/taken").get_data(as_text=True)
    assert "De taak staat weer in de wachtrij." in page
    assert "Geen geparkeerde taken." in page
    with database.unit_of_work() as session:
        assert session.get(Job, job_id).state == "queued"
        assert session.scalar(select(AuditEntry.actor_user_id).where(
            AuditEntry.action == "job.retried")) == people.admin.user_id
    # Once queued, the same button finds no parked job.
    again = client.post(f"/beheer/taken/{job_id}/opnieuw",
                        data={"csrf_token": csrf_token(client, "/beheer/taken")})
    assert again.status_code == 404


def test_without_a_worker_the_page_says_what_stays_undone(client, people):
    sign_in_fully(client, people.admin)
    page = client.get("/beheer/taken").get_data(as_text=True)
    assert "Geen worker gezien" in page
