"""The match and run use cases check their own permission, and a refusal writes nothing.

Each use case is handed to ``Database.run_in_transaction``, which commits whatever
the use case changed: a refusal must therefore come before any change.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.db.models import AuditEntry, Match, MatchingRun, OutboxMail, Pupil, User
from matcher.matches.answers import accept_match, end_match
from matcher.matches.decisions import approve_match, create_manual_match, reject_match
from matcher.matches.manual_candidates import manual_choices, manual_pair
from matcher.matches.overview import read_pupil_file
from matcher.matching.run_execution import run_matching
from matcher.matching.run_views import download_run
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches import world
from tests.matches.test_decisions import answer_token

POLICY = ScreeningPolicy()


@pytest.fixture
def two_regions(database):
    """A proposal in Utrecht, its coordinator, a coordinator of Rotterdam, the volunteer."""
    with database.unit_of_work() as session:
        utrecht = world.add_region(session, "utrecht")
        rotterdam = world.add_region(session, "rotterdam")
        coordinator = world.add_coordinator(session, utrecht)
        elsewhere = world.add_coordinator(session, rotterdam)
        volunteer = world.add_volunteer(session, utrecht)
        pupil = world.add_pupil(session, world.add_school(session, utrecht))
        run = run_matching(session, world.actor_of(session, coordinator.id), region_id=utrecht.id,
                           policy=POLICY)
        session.commit()
        return {"coordinator": coordinator.id, "elsewhere": elsewhere.id,
                "volunteer": volunteer.id, "volunteer_user": volunteer.user_id,
                "pupil": pupil.id, "match": run.matches[0].id, "run": run.id,
                "utrecht": utrecht.id, "rotterdam": rotterdam.id}


def written(database) -> tuple[int, int, int, tuple[str, ...], tuple[str, ...]]:
    """Counts and states that any decision or run would change."""
    with database.unit_of_work() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(OutboxMail)),
            session.scalar(select(func.count()).select_from(MatchingRun)),
            tuple(session.scalars(select(Match.state).order_by(Match.id))),
            tuple(session.scalars(select(Pupil.state).order_by(Pupil.id))),
        )


def guarded_use_cases(actor, ids, settings) -> list:
    """Every use case of a region's matching, each run as ``actor`` on Utrecht's records."""
    return [
        lambda s: approve_match(s, actor, ids["match"], settings=settings),
        lambda s: reject_match(s, actor, ids["match"], reason="past niet"),
        lambda s: create_manual_match(s, actor, volunteer_id=ids["volunteer"],
                                      pupil_id=ids["pupil"], settings=settings),
        lambda s: run_matching(s, actor, region_id=ids["utrecht"], policy=POLICY),
        lambda s: read_pupil_file(s, actor, ids["pupil"]),
        lambda s: manual_choices(s, actor, ids["utrecht"], policy=POLICY),
        lambda s: download_run(s, actor, ids["run"], "instance"),
        lambda s: download_run(s, actor, ids["run"], "resultaat"),
        lambda s: manual_pair(s, actor, volunteer_id=ids["volunteer"], pupil_id=ids["pupil"],
                              policy=POLICY),
    ]


@pytest.mark.parametrize(("who", "refusal"), [
    ("volunteer_user", NotPermitted),  # a volunteer may not decide, match by hand or run
    ("elsewhere", OutOfScope),  # another region's coordinator finds nothing
])  # fmt: skip
def test_nobody_outside_the_region_decides_matches_by_hand_or_runs_matching(
    database, settings, two_regions, who, refusal
):
    ids = two_regions
    before = written(database)
    actor = world.actor_of(database, ids[who])
    for use_case in guarded_use_cases(actor, ids, settings):
        with pytest.raises(refusal):
            database.run_in_transaction(use_case)
    assert written(database) == before


def test_only_an_admin_starts_a_national_run(database, two_regions):
    coordinator = world.actor_of(database, two_regions["coordinator"])
    before = written(database)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(
            lambda s: run_matching(s, coordinator, region_id=None, policy=POLICY))
    assert written(database) == before


def test_only_the_people_of_a_match_may_end_it(database, settings, two_regions):
    ids = two_regions
    coordinator = world.actor_of(database, ids["coordinator"])
    database.run_in_transaction(
        lambda s: approve_match(s, coordinator, ids["match"], settings=settings))
    raw = answer_token(database)
    database.run_in_transaction(lambda s: accept_match(s, raw))
    before = written(database)
    with database.unit_of_work() as session:
        contact_id = session.scalar(select(User.id).where(User.role == "school"))
    elsewhere = world.actor_of(database, ids["elsewhere"])
    with pytest.raises(OutOfScope):
        database.run_in_transaction(
            lambda s: end_match(s, elsewhere, ids["match"], reason_code="goal_reached"))
    assert written(database) == before
    contact = world.actor_of(database, contact_id)
    database.run_in_transaction(
        lambda s: end_match(s, contact, ids["match"], reason_code="goal_reached"))
    with database.unit_of_work() as session:
        assert session.get(Match, ids["match"]).state == "ended"


def test_downloading_a_run_s_files_is_audited_by_ids(database, two_regions):
    coordinator = world.actor_of(database, two_regions["coordinator"])
    instance = database.run_in_transaction(
        lambda s: download_run(s, coordinator, two_regions["run"], "instance"))
    assert instance["schema"] == "koppel.instance/1"
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity_id, entry.details) == (
            "matching_run_downloaded", two_regions["run"], {"part": "instance"})
