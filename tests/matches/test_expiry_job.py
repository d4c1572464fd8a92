"""The worker's job that expires proposals nobody answered."""

from __future__ import annotations

from datetime import timedelta

from matcher.db.models import Match
from matcher.matches.decisions import approve_match
from matcher.matching.run_execution import run_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from tests.matches import world
from tests.web.web_helpers import settings as app_settings
from webapp import create_app
from webapp.worker import JOBS, run_once


def test_the_worker_expires_proposals_not_answered_within_the_configured_days(
    database, tmp_path, settings
):
    with database.unit_of_work() as session:
        region = world.add_region(session, "utrecht")
        coordinator = world.add_coordinator(session, region)
        world.add_volunteer(session, region)
        world.add_pupil(session, world.add_school(session, region))
        run = run_matching(session, world.actor_of(session, coordinator.id), region_id=region.id,
                           policy=ScreeningPolicy())
        approve_match(session, world.actor_of(session, coordinator.id), run.matches[0].id,
                      settings=settings)
        session.commit()
        match_id = run.matches[0].id
    app = create_app(app_settings(DATABASE=database, ANSWER_DAYS=3,
                                  DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))
    job = tuple(j for j in JOBS if j.name == "expire_unanswered_proposals")

    assert run_once(app, job) == {"expire_unanswered_proposals": 0}
    clock.advance(timedelta(days=3))
    assert run_once(app, job) == {"expire_unanswered_proposals": 1}
    with database.unit_of_work() as session:
        assert session.get(Match, match_id).state == "expired"
