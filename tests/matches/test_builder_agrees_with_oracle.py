"""The instance builder reads columns in one query per table; its document, id map and
left-out pupils are those of the entity-by-entity builder it replaced
(:mod:`tests.matches.builder_oracle`), once the random ids are mapped back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from fixtures.generate import generate
from fixtures.scenario_load import load_scenario
from matcher.db.models import Match, Pupil, Region, School, User, VolunteerProfile, user_schools
from matcher.matching.instance_builder import build_instance
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from tests.matches import builder_oracle

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
OPTIONS = {"min_overlap_minutes": 60, "cross_region_online": True}
POLICY = ScreeningPolicy()


def _canonical(built):
    """The document, id map and left-out pupils with every random id replaced by
    the database id it stands for; lists keep their order."""
    names = {key: f"v{db_id}" for key, db_id in built.volunteers.items()}
    names |= {key: f"p{db_id}" for key, db_id in built.pupils.items()}
    doc = built.document
    return {
        "options": doc["options"],
        "schema": doc["schema"],
        "volunteers": [{**v, "id": names[v["id"]]} for v in doc["volunteers"]],
        "pupils": [{**p, "id": names[p["id"]]} for p in doc["pupils"]],
        "locked": [{"volunteer": names[x["volunteer"]], "pupil": names[x["pupil"]]}
                   for x in doc["locked"]],
        "forbidden": [{"volunteer": names[x["volunteer"]], "pupil": names[x["pupil"]]}
                      for x in doc["forbidden"]],
        "keys": sorted(doc),
        "id_map": {side: sorted(ids.values()) for side, ids in built.id_map().items()},
        "left_out": list(built.left_out.values()),
    }


def _vary(session):
    """What a running programme has beside waiting people: live and refused pairs, a
    volunteer paused or over capacity with live matches, a school without a designated
    contact, people nobody can meet, an old wait and an empty slot."""
    volunteers = list(session.scalars(select(VolunteerProfile).order_by(VolunteerProfile.id)))
    pupils = list(session.scalars(select(Pupil).order_by(Pupil.id)))
    pairs = [("active", 0, 0), ("active", 0, 1), ("approved", 1, 2), ("active", 2, 3),
             ("rejected", 3, 4), ("declined", 4, 5), ("rejected", 0, 6), ("declined", 2, 3),
             ("ended", 5, 7), ("rejected", 6, 8)]
    for state, v, p in pairs:
        session.add(Match(volunteer_id=volunteers[v].id, pupil_id=pupils[p].id, state=state))
        if state in ("active", "approved"):
            pupils[p].state = "matched" if state == "active" else "proposed"
    volunteers[0].capacity = 1
    volunteers[2].screening_state = "paused"
    volunteers[7].vog_issued_on = date(2020, 1, 1)
    volunteers[8].mode, volunteers[8].latitude, volunteers[8].longitude = "in_person", None, None
    volunteers[9].subjects = []
    pupils[9].mode, pupils[9].latitude, pupils[9].longitude = "in_person", None, None
    pupils[10].days_waited_before = 40
    pupils[11].availability = [{"day": "tue", "start": 900, "end": 900},
                               {"day": "wed", "start": 0, "end": 1440}]
    pupils[12].state = "withdrawn"
    pupils[13].mode, pupils[13].latitude, pupils[13].longitude = "both", None, None
    school = session.get(School, pupils[14].school_id)
    session.execute(delete(user_schools).where(user_schools.c.school_id == school.id))
    session.add(User(email="old-aandacht@example.org", role="designated_contact",
                     active=False, schools=[school]))
    session.flush()


@pytest.fixture
def loaded(database):
    with clock.frozen_at(NOW):
        load_scenario(database, generate(pupils=150, volunteers=60, regions=3, seed=5))
        with database.unit_of_work() as session:
            _vary(session)
            session.commit()
    return database


@pytest.mark.parametrize("scope", ["national", "first region", "second region"])
def test_the_builder_gives_the_oracles_document(loaded, scope):
    with clock.frozen_at(NOW), loaded.unit_of_work() as session:
        region_ids = list(session.scalars(select(Region.id).join(School).distinct()
                                          .order_by(Region.id)))
        region_id = {"national": None, "first region": region_ids[0],
                     "second region": region_ids[1]}[scope]
        built = build_instance(session, region_id=region_id, now=NOW, options=OPTIONS,
                               policy=POLICY)
        expected = builder_oracle.build_instance(session, region_id=region_id, now=NOW,
                                                 options=OPTIONS, policy=POLICY)

    assert _canonical(built) == _canonical(expected)
    assert built.document["pupils"] and built.document["locked"]


def test_the_varied_scenario_has_every_kind_of_row_nationally(loaded):
    with clock.frozen_at(NOW), loaded.unit_of_work() as session:
        built = build_instance(session, region_id=None, now=NOW, options=OPTIONS, policy=POLICY)

    doc = built.document
    assert len(doc["locked"]) == 4 and doc["forbidden"] and built.left_out
    assert {p["waiting_days"] for p in doc["pupils"]} > {0}


def test_random_ids_are_all_different_and_say_which_side(loaded):
    with clock.frozen_at(NOW), loaded.unit_of_work() as session:
        built = build_instance(session, region_id=None, now=NOW, options=OPTIONS, policy=POLICY)

    keys = [*built.volunteers, *built.pupils, *built.left_out]
    assert len(set(keys)) == len(keys)
    assert all(k.startswith("v-") for k in built.volunteers)
    assert all(k.startswith("p-") for k in [*built.pupils, *built.left_out])
