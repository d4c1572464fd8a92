"""The coordinator's "needs attention" page and the worker's escalation job."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import OutboxMail, Pupil
from tests.matches.web_world import coordinator_of, signed_in
from tests.web.web_helpers import settings
from webapp import create_app
from webapp.worker import JOBS, run_once

PAGE = "/coordinator/aandacht"


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL="https://koppel.test"))


def reference(database, pupil_id: int) -> str:
    with database.unit_of_work() as session:
        return session.get(Pupil, pupil_id).reference


def test_the_coordinator_sees_their_regions_silent_pairs_and_not_another_regions(
    app, database, pairs
):
    utrecht, rotterdam = pairs
    coordinator = signed_in(app.test_client(),
                            coordinator_of(database, utrecht.region, "coord@example.org"))
    page = coordinator.get(PAGE).get_data(as_text=True)
    assert reference(database, utrecht.pupil) in page
    assert reference(database, rotterdam.pupil) not in page
    assert "Te lang niet bereikt" in page and "Elke week" in page and ">20<" in page
    assert f'href="/coordinator/leerlingen/{utrecht.pupil}"' in page
    assert 'href="/coordinator/aandacht"' in coordinator.get("/coordinator/overzicht").get_data(
        as_text=True)


def test_the_worker_runs_the_escalation_hourly_and_mails_with_the_public_address(
    app, database, pairs
):
    [job] = [job for job in JOBS if job.name == "escalate_silent_matches"]
    assert job.every.total_seconds() == 3600
    assert run_once(app, (job,)) == {"escalate_silent_matches": 4}
    assert run_once(app, (job,)) == {"escalate_silent_matches": 0}
    with database.unit_of_work() as session:
        bodies = session.scalars(select(OutboxMail.body_text)).all()
    assert len(bodies) == 2
    assert all("https://koppel.test/vrijwilliger/koppelingen" in body for body in bodies)
