"""Runs as worker jobs: queueing, carrying out once, failing in words, one active run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db.models import Job, Match, MatchingRun, Pupil, Region
from matcher.matching.run_execution import execute_run
from matcher.matching.run_queue import RunAlreadyOpen, queue_run
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches import world as build
from tests.web.web_helpers import settings
from webapp import create_app
from webapp.worker import Worker

POLICY = ScreeningPolicy()


@pytest.fixture
def world(database):
    """Utrecht with a coordinator, two volunteers and three pupils; Rotterdam; an admin."""
    with database.unit_of_work() as session:
        utrecht = build.add_region(session, "utrecht")
        rotterdam = build.add_region(session, "rotterdam")
        school = build.add_school(session, utrecht)
        coordinator = build.add_coordinator(session, utrecht)
        admin = build.add_coordinator(session, utrecht)
        admin.role = "admin"
        for _ in range(2):
            build.add_volunteer(session, utrecht)
        for _ in range(3):
            build.add_pupil(session, school)
        session.commit()
        return {"utrecht": utrecht.id, "rotterdam": rotterdam.id,
                "coordinator": coordinator.id, "admin": admin.id}


def queued(database, user_id, region_id, **options) -> int:
    def queue(session):
        actor = build.actor_of(session, user_id)
        return queue_run(session, actor, region_id=region_id, policy=POLICY, **options).id

    return database.run_in_transaction(queue)


def stored(database, run_id):
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        proposals = session.scalar(select(func.count()).select_from(Match)
                                   .where(Match.run_id == run_id))
        return run.state, run.progress, run.failure, proposals


def test_a_queued_run_names_its_job_and_holds_no_proposals_yet(database, world):
    run_id = queued(database, world["coordinator"], world["utrecht"])
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        job = session.get(Job, run.job_id)
        assert (run.state, run.progress["phase"]) == ("queued", "queued")
        assert run.parameters["vog_validity_years"] == POLICY.vog_validity_years
        assert (job.kind, job.payload, job.state) == ("matching_run", {"run_id": run_id}, "queued")
        assert job.idempotency_key == f"matching_run:{run_id}"
    assert stored(database, run_id)[3] == 0


def test_carrying_out_a_run_stores_its_proposals_once_and_counts_each_phase(database, world):
    run_id = queued(database, world["coordinator"], world["utrecht"])
    execute_run(database, run_id, policy=POLICY)
    execute_run(database, run_id, policy=POLICY)

    state, progress, failure, proposals = stored(database, run_id)
    assert (state, failure, proposals) == ("open", None, 2)
    assert set(progress["phases"]) == {"queued", "building", "solving", "storing", "open"}
    assert (progress["pupils"], progress["volunteers"], progress["proposals"]) == (3, 2, 2)
    assert progress["regions"] == {"utrecht": {"pupils": 3, "volunteers": 2}}
    assert progress["feasible_pairs"] == 6
    assert len(progress["unmatched"]) == 1
    with database.unit_of_work() as session:
        assert sorted(session.scalars(select(Pupil.state))) == ["proposed", "proposed", "waiting"]
        assert session.get(MatchingRun, run_id).finished_at is not None


def test_a_run_that_cannot_be_built_fails_with_a_reason_in_words_and_stores_nothing(
    database, world
):
    first = queued(database, world["coordinator"], world["utrecht"])
    execute_run(database, first, policy=POLICY)
    broken = queued(database, world["coordinator"], world["utrecht"])
    with database.unit_of_work() as session:
        # A run queued with parameters this version cannot read.
        session.get(MatchingRun, broken).parameters = {"scope": "region"}
        session.commit()

    with pytest.raises(KeyError):
        execute_run(database, broken, policy=POLICY)

    state, progress, failure, proposals = stored(database, broken)
    assert (state, proposals) == ("failed", 0)
    assert failure == "Het lezen van de leerlingen en vrijwilligers is mislukt."
    assert "Traceback" not in failure and progress["failure"] == {"code": "building",
                                                                  "phase": "building"}
    assert stored(database, first)[0] == "open"  # the open run stays open


def test_a_failed_run_is_carried_out_again_when_its_job_is_retried(database, world):
    run_id = queued(database, world["coordinator"], world["utrecht"])
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        parameters, run.parameters = run.parameters, {}
        session.commit()
    with pytest.raises(KeyError):
        execute_run(database, run_id, policy=POLICY)
    with database.unit_of_work() as session:
        session.get(MatchingRun, run_id).parameters = parameters
        session.commit()

    execute_run(database, run_id, policy=POLICY)

    state, progress, failure, proposals = stored(database, run_id)
    assert (state, failure, proposals) == ("open", None, 2)
    assert "failure" in progress  # the earlier attempt's failure stays on record


def test_a_failed_run_stays_failed_when_a_newer_run_of_its_region_is_active(database, world):
    run_id = queued(database, world["coordinator"], world["utrecht"])
    with database.unit_of_work() as session:
        session.get(MatchingRun, run_id).parameters = {}
        session.commit()
    with pytest.raises(KeyError):
        execute_run(database, run_id, policy=POLICY)
    newer = queued(database, world["coordinator"], world["utrecht"])

    execute_run(database, run_id, policy=POLICY)

    assert stored(database, run_id)[0] == "failed"
    assert stored(database, newer)[0] == "queued"


def test_a_second_run_for_a_region_is_refused_while_one_is_queued_and_names_it(database, world):
    first = queued(database, world["coordinator"], world["utrecht"])
    with pytest.raises(RunAlreadyOpen) as refused:
        queued(database, world["coordinator"], world["utrecht"])
    assert refused.value.run_id == first
    other_region = queued(database, world["admin"], world["rotterdam"])
    national = queued(database, world["admin"], None)
    with pytest.raises(RunAlreadyOpen) as refused_national:
        queued(database, world["admin"], None)
    assert refused_national.value.run_id == national
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 3
    assert len({first, other_region, national}) == 3


def test_once_a_run_is_done_the_region_may_queue_the_next_which_closes_it(database, world):
    first = queued(database, world["coordinator"], world["utrecht"])
    execute_run(database, first, policy=POLICY)
    second = queued(database, world["coordinator"], world["utrecht"])
    execute_run(database, second, policy=POLICY)
    assert stored(database, first)[0] == "closed"
    assert stored(database, second)[0] == "open"


def test_a_national_run_counts_its_people_per_region(database, world):
    with database.unit_of_work() as session:
        rotterdam = session.get(Region, world["rotterdam"])
        build.add_volunteer(session, rotterdam)
        session.commit()
    run_id = queued(database, world["admin"], None)
    execute_run(database, run_id, policy=POLICY)
    progress = stored(database, run_id)[1]
    assert progress["regions"] == {"rotterdam": {"pupils": 0, "volunteers": 1},
                                   "utrecht": {"pupils": 3, "volunteers": 2}}


def test_the_worker_carries_out_a_queued_run_through_the_job_queue(database, world, tmp_path):
    run_id = queued(database, world["coordinator"], world["utrecht"])
    app = create_app(settings(DATABASE=database, SCREENING_POLICY=POLICY,
                              DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))
    assert Worker(app, jobs=()).tick() == 1
    assert stored(database, run_id)[0] == "open"
    with database.unit_of_work() as session:
        job = session.get(Job, session.get(MatchingRun, run_id).job_id)
        assert (job.state, job.attempts) == ("done", 1)
