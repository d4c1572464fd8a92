"""The worker runs the VOG reminder job with the app's policy."""

from __future__ import annotations

from datetime import date

from tests.workspace.conftest import add_approved_volunteer, outbox_to
from webapp import worker


def test_the_worker_warns_about_an_expiring_vog_once(app, database, place):
    add_approved_volunteer(database, place.utrecht, "soon@example.org", date(2022, 4, 1))
    job = next(job for job in worker.JOBS if job.name == "warn_expiring_vogs")
    with app.app_context():
        assert job.run(app) == 1
        assert job.run(app) == 0
    assert len(outbox_to(database, "soon@example.org")) == 1
