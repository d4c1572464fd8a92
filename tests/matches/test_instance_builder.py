"""The instance built from the database: who is in it, and that it is always valid."""

from __future__ import annotations

from datetime import date

import orjson

from matcher.db.models import Match
from matcher.matching.instance import parse_instance
from matcher.matching.instance_builder import build_instance
from matcher.matching.vog_validity import ScreeningPolicy
from tests.matches.world import NOW, add_pupil, add_region, add_school, add_volunteer

OPTIONS = {"min_overlap_minutes": 60, "cross_region_online": False}
THREE_YEARS = ScreeningPolicy()


def build(session, region, policy=THREE_YEARS):
    built = build_instance(session, region_id=region.id, now=NOW, options=OPTIONS, policy=policy)
    parse_instance(built.document)  # raises if the document breaks any rule of the contract
    return built


def volunteer_doc(built, profile):
    key = next(k for k, v in built.volunteers.items() if v == profile.id)
    return next(v for v in built.document["volunteers"] if v["id"] == key)


def live(session, volunteer, pupil, state="active"):
    session.add(Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state=state))
    pupil.state = "matched" if state == "active" else "proposed"
    session.flush()


def test_approved_volunteers_with_a_valid_vog_and_waiting_pupils_of_the_region_enter(database):
    with database.unit_of_work() as session:
        utrecht, rotterdam = add_region(session, "utrecht"), add_region(session, "rotterdam")
        here, there = add_school(session, utrecht), add_school(session, rotterdam)
        volunteer, pupil = add_volunteer(session, utrecht), add_pupil(session, here)
        add_volunteer(session, rotterdam)
        add_pupil(session, there)
        add_volunteer(session, utrecht, screening_state="paused")
        add_volunteer(session, utrecht, vog_issued_on=date(2021, 1, 1))
        add_volunteer(session, utrecht, vog_issued_on=None)
        add_pupil(session, here, state="ended")

        built = build(session, utrecht)

    assert list(built.volunteers.values()) == [volunteer.id]
    assert list(built.pupils.values()) == [pupil.id]
    assert built.document["locked"] == [] and built.document["forbidden"] == []


def test_the_vog_validity_is_configurable(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        old_vog = add_volunteer(session, utrecht, vog_issued_on=date(2021, 1, 1))

        assert build(session, utrecht).volunteers == {}
        five_years = build(session, utrecht, ScreeningPolicy(vog_validity_years=5))
        assert list(five_years.volunteers.values()) == [old_vog.id]


def test_ids_are_opaque_and_no_name_or_reference_is_in_the_instance(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        volunteer = add_volunteer(session, utrecht)
        pupil = add_pupil(session, add_school(session, utrecht))
        built = build(session, utrecht)
        again = build(session, utrecht)

    text = orjson.dumps(built.document).decode()
    assert volunteer.user.display_name not in text and pupil.reference not in text
    assert all(key.startswith("v-") for key in built.volunteers)
    assert all(key.startswith("p-") for key in built.pupils)
    assert set(built.volunteers).isdisjoint(again.volunteers)


def test_a_paused_volunteer_in_a_locked_pair_is_included_with_capacity_equal_to_the_lock(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        school = add_school(session, utrecht)
        paused = add_volunteer(session, utrecht, capacity=3)
        pupil = add_pupil(session, school)
        live(session, paused, pupil)
        paused.screening_state = "paused"
        add_pupil(session, school)

        built = build(session, utrecht)

    assert volunteer_doc(built, paused)["capacity"] == 1
    assert len(built.document["locked"]) == 1
    assert pupil.id in built.pupils.values()


def test_a_volunteer_whose_vog_expired_keeps_their_locked_pairs_and_gets_no_more(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        school = add_school(session, utrecht)
        expired = add_volunteer(session, utrecht, capacity=2, vog_issued_on=date(2020, 1, 1))
        for pupil in (add_pupil(session, school), add_pupil(session, school)):
            live(session, expired, pupil, state="approved")
        # a third waiting pupil the volunteer could otherwise take
        add_pupil(session, school)

        built = build(session, utrecht)

    assert volunteer_doc(built, expired)["capacity"] == 2
    assert len(built.document["locked"]) == 2


def test_a_capacity_lowered_below_the_live_matches_becomes_the_number_of_live_matches(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        school = add_school(session, utrecht)
        busy = add_volunteer(session, utrecht, capacity=3)
        for _ in range(3):
            live(session, busy, add_pupil(session, school))
        busy.capacity = 1

        built = build(session, utrecht)

    assert volunteer_doc(built, busy)["capacity"] == 3


def test_forbidden_pairs_are_kept_only_when_both_people_are_in_the_instance(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        school = add_school(session, utrecht)
        volunteer = add_volunteer(session, utrecht, capacity=2)
        gone = add_volunteer(session, utrecht)
        pupil, other = add_pupil(session, school), add_pupil(session, school)
        session.add_all([
            Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state="rejected"),
            Match(volunteer_id=volunteer.id, pupil_id=other.id, state="declined"),
            Match(volunteer_id=gone.id, pupil_id=pupil.id, state="rejected"),
        ])
        gone.screening_state = "paused"
        session.flush()

        built = build(session, utrecht)

    back = {key: db_id for key, db_id in built.pupils.items()}
    pairs = {(built.volunteers[f["volunteer"]], back[f["pupil"]])
             for f in built.document["forbidden"]}
    assert pairs == {(volunteer.id, pupil.id), (volunteer.id, other.id)}


def test_a_pair_matched_by_hand_after_a_rejection_is_locked_not_forbidden(database):
    with database.unit_of_work() as session:
        utrecht = add_region(session, "utrecht")
        volunteer = add_volunteer(session, utrecht)
        pupil = add_pupil(session, add_school(session, utrecht))
        session.add(Match(volunteer_id=volunteer.id, pupil_id=pupil.id, state="rejected"))
        live(session, volunteer, pupil)

        built = build(session, utrecht)

    assert len(built.document["locked"]) == 1 and built.document["forbidden"] == []


def test_a_pupil_of_this_region_matched_to_a_volunteer_elsewhere_is_locked_with_them(database):
    with database.unit_of_work() as session:
        utrecht, rotterdam = add_region(session, "utrecht"), add_region(session, "rotterdam")
        pupil = add_pupil(session, add_school(session, utrecht))
        faraway = add_volunteer(session, rotterdam, capacity=2)
        live(session, faraway, pupil)

        built = build(session, utrecht)

    assert volunteer_doc(built, faraway)["capacity"] == 1
    assert volunteer_doc(built, faraway)["region"] == "rotterdam"
