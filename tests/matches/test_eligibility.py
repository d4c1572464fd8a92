"""Runs, approvals and hand-made matches agree on which volunteers may be matched."""

from __future__ import annotations

from datetime import date

from matcher.accounts.permissions import Actor, Role
from matcher.matches.decisions import NEVER_OVERRIDDEN, check_manual_match
from matcher.matching.instance_builder import build_instance
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches.world import NOW, add_pupil, add_region, add_school, add_volunteer

POLICY = ScreeningPolicy()
# An admin may check a pair in any region, also a volunteer without one.
ADMIN = Actor(1, Role.ADMIN, second_factor_passed=True)
SCREENING_CODES = {"volunteer_not_approved", "vog_not_valid", "volunteer_not_prepared"}


def test_the_instance_builder_and_the_pair_check_count_the_same_volunteers(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        pupil = add_pupil(session, add_school(session, utrecht))
        volunteers = {
            "valid": add_volunteer(session, utrecht),
            "paused": add_volunteer(session, utrecht, screening_state="paused"),
            "expired": add_volunteer(session, utrecht, vog_issued_on=date(2022, 3, 3)),
            "no VOG": add_volunteer(session, utrecht, vog_issued_on=None),
            "VOG dated tomorrow": add_volunteer(session, utrecht, vog_issued_on=date(2025, 3, 4)),
            "erased": add_volunteer(session, utrecht, anonymised_at=NOW),
            "no region": add_volunteer(session, utrecht),
            "closed account": add_volunteer(session, utrecht),
            "no training": add_volunteer(session, utrecht, training_completed_on=None),
            "training dated tomorrow": add_volunteer(
                session, utrecht, training_completed_on=date(2025, 3, 4)),
            "older code of conduct": add_volunteer(session, utrecht, conduct_version="2020-04"),
            "code of conduct not accepted": add_volunteer(session, utrecht, conduct_version=None),
        }
        volunteers["no region"].region = None
        volunteers["closed account"].user.active = False
        session.flush()

        built = build_instance(session, region_id=None, now=NOW, policy=POLICY,
                               options={"min_overlap_minutes": 60, "cross_region_online": True})
        in_runs = {name for name, v in volunteers.items() if v.id in built.volunteers.values()}
        checked = {
            name for name, v in volunteers.items()
            if not SCREENING_CODES & set(check_manual_match(
                session, ADMIN, volunteer_id=v.id, pupil_id=pupil.id, policy=POLICY))
        }

    assert in_runs == checked == {"valid"}


def test_an_unprepared_volunteer_is_refused_for_that_reason_and_it_cannot_be_overridden(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        pupil = add_pupil(session, add_school(session, utrecht))
        unprepared = add_volunteer(session, utrecht, training_completed_on=None)
        codes = check_manual_match(
            session, ADMIN, volunteer_id=unprepared.id, pupil_id=pupil.id, policy=POLICY)
    assert "volunteer_not_prepared" in codes
    assert {"volunteer_not_approved", "vog_not_valid"}.isdisjoint(codes)
    assert "volunteer_not_prepared" in NEVER_OVERRIDDEN
