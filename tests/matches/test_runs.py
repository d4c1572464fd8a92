"""Running the matcher from the database: proposals, stored runs, superseding."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import AuditEntry, Match, MatchingRun, Pupil
from matcher.matches.decisions import reject_match
from matcher.matching.instance import parse_instance
from matcher.matching.run_execution import run_matching
from matcher.matching.run_storage import close_open_runs
from matcher.matching.solve import match_instance
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches import world as build

POLICY = ScreeningPolicy()


def run(session, region, coordinator, **options):
    return run_matching(session, build.actor_of(session, coordinator.id), region_id=region.id,
                        policy=POLICY, **options)


@pytest.fixture
def world(database):
    with database.unit_of_work() as session:
        utrecht = build.add_region(session, "utrecht")
        school = build.add_school(session, utrecht)
        coordinator = build.add_coordinator(session, utrecht)
        volunteers = [build.add_volunteer(session, utrecht) for _ in range(2)]
        pupils = [build.add_pupil(session, school) for _ in range(3)]
        session.commit()
        return utrecht, coordinator, volunteers, pupils


def test_a_run_stores_instance_result_versions_and_one_proposal_per_chosen_pair(database, world):
    region, coordinator, _, _ = world
    with database.unit_of_work() as session:
        run_id = run(session, region, coordinator).id
        session.commit()
    with database.unit_of_work() as session:
        saved = session.get(MatchingRun, run_id)
        proposals = list(session.scalars(select(Match).where(Match.run_id == saved.id)))
        states = sorted(session.scalars(select(Pupil.state)))

        assert saved.state == "open"
        assert saved.parameters["cost_model_version"] == "costs/1"
        assert saved.parameters["koppel_version"]
        assert len(proposals) == 2 and {p.state for p in proposals} == {"proposed"}
        assert states == ["proposed", "proposed", "waiting"]
        assert len(saved.result["unmatched"]) == 1
        assert "candidates" not in saved.result
        replay = match_instance(parse_instance(saved.instance)).to_json_dict()
        assert replay["total_cost"] == saved.result["total_cost"]


def test_a_run_writes_an_audit_entry_with_ids_only(database, world):
    region, coordinator, _, _ = world
    with database.unit_of_work() as session:
        run_id = run(session, region, coordinator).id
        session.commit()
    with database.unit_of_work() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "matching_run"))
        assert entry.entity_id == run_id and entry.actor_user_id == coordinator.id
        assert entry.details == {"region_id": region.id, "proposals": 2, "superseded_runs": []}


def test_each_proposal_explains_itself_and_lists_the_next_best_volunteers(database, world):
    region, coordinator, volunteers, _ = world
    with database.unit_of_work() as session:
        stored = run(session, region, coordinator)
        proposal = session.scalars(select(Match).where(Match.run_id == stored.id)).first()
        explanation = proposal.explanation
        others = {v.id for v in volunteers} - {proposal.volunteer_id}
    assert explanation["shared_subjects"] == ["wiskunde"]
    assert explanation["common_minutes"] == 120
    assert explanation["waiting_days"] == 10
    assert [a["volunteer_id"] for a in explanation["alternatives"]] == sorted(others)


def test_a_new_run_closes_the_open_one_and_supersedes_its_undecided_proposals(database, world):
    region, coordinator, _, _ = world
    with database.unit_of_work() as session:
        first = run(session, region, coordinator).id
        session.commit()
    with database.unit_of_work() as session:
        second = run(session, region, coordinator).id
        session.commit()
    with database.unit_of_work() as session:
        old = session.get(MatchingRun, first)
        old_states = set(session.scalars(select(Match.state).where(Match.run_id == first)))
        new_states = set(session.scalars(select(Match.state).where(Match.run_id == second)))
        assert old.state == "closed" and old.closed_at is not None
    assert old_states == {"superseded"} and new_states == {"proposed"}


def test_a_rejected_pair_is_never_proposed_again(database, world):
    region, coordinator, _, _ = world
    with database.unit_of_work() as session:
        first = run(session, region, coordinator)
        session.commit()
        proposals = [(m.id, m.volunteer_id, m.pupil_id) for m in first.matches]
    for match_id, _, _ in proposals:
        with database.unit_of_work() as session:
            actor = build.actor_of(session, coordinator.id)
            reject_match(session, actor, match_id, reason="past niet")
            session.commit()
    with database.unit_of_work() as session:
        second = run(session, region, coordinator)
        pairs = {(m.volunteer_id, m.pupil_id) for m in second.matches}
    assert pairs and pairs.isdisjoint({(v, p) for _, v, p in proposals})


def test_a_national_run_pairs_across_regions_online_only_when_asked(database):
    with database.unit_of_work() as session:
        utrecht = build.add_region(session, "utrecht")
        rotterdam = build.add_region(session, "rotterdam")
        admin = build.add_coordinator(session, utrecht)
        admin.role = "admin"  # a national run is an admin's
        build.add_volunteer(session, utrecht)
        build.add_pupil(session, build.add_school(session, rotterdam))
        actor = build.actor_of(session, admin.id)
        within = run_matching(session, actor, region_id=None, policy=POLICY)
        assert within.matches == []
        across = run_matching(session, actor, region_id=None, policy=POLICY,
                              cross_region_online=True)
        assert [m.mode for m in across.matches] == ["online"]
        assert across.parameters["scope"] == "national"


def test_closing_a_run_leaves_a_pupil_proposed_while_another_open_run_still_proposes_them(
    database, world
):
    # Closing a run used to put every pupil it had proposed back to "waiting", even
    # one a national run still proposed; now the rule of the decisions holds: a pupil
    # waits again only once no proposal or match is left.
    utrecht, _, (volunteer, other), (pupil, *_) = world
    with database.unit_of_work() as session:
        regional, national = MatchingRun(region_id=utrecht.id), MatchingRun(region_id=None)
        session.add_all([regional, national])
        session.flush()
        session.add_all([
            Match(volunteer_id=volunteer.id, pupil_id=pupil.id, run_id=regional.id),
            Match(volunteer_id=other.id, pupil_id=pupil.id, run_id=national.id),
        ])
        session.get(Pupil, pupil.id).state = "proposed"
        session.commit()

        closed = close_open_runs(session, region_id=utrecht.id, pupil_ids=set())
        session.commit()

        states = session.scalars(
            select(Match.state).where(Match.pupil_id == pupil.id).order_by(Match.id)
        ).all()
        assert closed == [regional.id]
        assert states == ["superseded", "proposed"]
        assert session.get(Pupil, pupil.id).state == "proposed"
