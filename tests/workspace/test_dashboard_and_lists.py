"""Dashboard figures on a known scenario, the lists' filters and scope, and safe CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matcher.accounts.permissions import Actor, NotPermitted, OutOfScope, Role
from matcher.db.models import AuditEntry, Match, MatchingRun, Pupil
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.reports.dashboard import region_figures
from matcher.reports.region_lists import Filters, export, listing
from matcher.reports.safe_csv import neutralise, to_csv
from matcher.shared import clock
from matcher.shared.errors import BadInput
from tests.workspace.conftest import add_volunteer


def add_pupil(
    database, school_id, reference, level, subjects, *, waited, before=0, state="waiting"
):
    with database.unit_of_work() as session:
        pupil = Pupil(
            school_id=school_id,
            reference=reference,
            school_year=2,
            level=level,
            subjects=subjects,
            state=state,
            waiting_since=clock.now() - timedelta(days=waited),
            days_waited_before=before,
        )
        session.add(pupil)
        session.commit()
        return pupil.id


@pytest.fixture
def region(database, place):
    """Utrecht: four volunteers, three waiting pupils, two matches, one run; noise in Rotterdam."""
    valid = date(2024, 1, 1)
    v1 = add_volunteer(
        database, place.utrecht, "v1@example.org", state="approved", vog_issued_on=valid, capacity=2
    )
    add_volunteer(
        database, place.utrecht, "v2@example.org", state="approved",
        vog_issued_on=date(2021, 1, 1), subjects=["engels"], levels=["havo", "vwo"],
    )  # fmt: skip
    add_volunteer(database, place.utrecht, "=cmd()@example.org", state="new")
    add_volunteer(database, place.utrecht, "v4@example.org", state="paused")
    add_volunteer(
        database, place.rotterdam, "r1@example.org", state="approved", vog_issued_on=valid
    )
    p1 = add_pupil(database, place.utrecht_school, "U-1", "havo", ["wiskunde"], waited=3)
    add_pupil(
        database,
        place.utrecht_school,
        "U-2",
        "vwo",
        ["natuurkunde", "wiskunde"],
        waited=10,
        before=5,
    )
    add_pupil(database, place.utrecht_school, "U-3", "havo", ["engels"], waited=100)
    p4 = add_pupil(
        database, place.utrecht_school, "U-4", "havo", ["wiskunde"], waited=0, state="matched"
    )
    add_pupil(database, place.rotterdam_school, "R-1", "havo", ["duits"], waited=40)
    with database.unit_of_work() as session:
        session.add_all(
            [
                Match(volunteer_id=v1, pupil_id=p4, state="active", mode="online"),
                Match(volunteer_id=v1, pupil_id=p1, state="rejected", reason="x"),
                MatchingRun(
                    region_id=place.utrecht,
                    result={
                        "matches": [{"locked": True}, {"locked": False}],
                        "unmatched": [{"pupil": "p-1"}, {"pupil": "p-2"}],
                    },
                ),
            ]
        )
        session.commit()
    return place


def test_the_dashboard_counts_exactly_what_is_in_the_region(database, region):
    with database.unit_of_work() as session:
        figures = region_figures(session, region.coordinator, region.utrecht, ScreeningPolicy())
    assert {k: v for k, v in figures.volunteers_by_state.items() if v} == {
        "new": 1,
        "approved": 2,
        "paused": 1,
    }
    assert figures.pupils_waiting == 3
    assert [b.count for b in figures.waiting] == [1, 0, 1, 0, 0, 1]
    assert figures.median_waiting_days == 15
    assert {k: v for k, v in figures.matches_by_state.items() if v} == {"active": 1, "rejected": 1}
    [run] = figures.runs
    assert (run.proposed, run.unmatched, round(run.rate, 3)) == (1, 2, 0.333)
    assert [
        (r.subject, r.level, r.demand, r.supply, r.shortage) for r in figures.supply_demand
    ] == [
        ("engels", "havo", 1, 0, 1),
        ("natuurkunde", "vwo", 1, 0, 1),
        ("wiskunde", "vwo", 1, 0, 1),
        ("wiskunde", "havo", 1, 1, 0),
    ]


def test_lists_show_only_the_coordinators_region_and_apply_filters(database, region):
    mine = region.coordinator.region_ids
    actor = region.coordinator
    with database.unit_of_work() as session:
        everyone = listing(session, actor, "volunteers", mine, Filters())
        approved = listing(session, actor, "volunteers", mine, Filters(state="approved"))
        english = listing(session, actor, "volunteers", mine, Filters(subject="engels"))
        found = listing(session, actor, "volunteers", mine, Filters(search="V4@"))
        vwo = listing(session, actor, "pupils", mine, Filters(level="vwo"))
        waiting = listing(session, actor, "pupils", mine, Filters(state="waiting"), limit=2)
        matches = listing(session, actor, "matches", mine, Filters(search="u-4"))
        percent = listing(session, actor, "pupils", mine, Filters(search="%"))
        session.commit()
    assert everyone.total == 4
    assert [row[2] for row in approved.rows] == ["v1@example.org", "v2@example.org"]
    assert [row[2] for row in english.rows] == ["v2@example.org"]
    assert [row[2] for row in found.rows] == ["v4@example.org"]
    assert [row[1] for row in vwo.rows] == ["U-2"]
    assert (waiting.total, [row[1] for row in waiting.rows]) == (3, ["U-1", "U-2"])
    assert [row[8] for row in waiting.rows] == [3, 15]
    assert [(row[1], row[4]) for row in matches.rows] == [("U-4", "active")]
    assert percent.total == 0


def test_an_unknown_filter_value_is_refused_naming_the_filter(database, region):
    with database.unit_of_work() as session, pytest.raises(BadInput, match="state"):
        listing(session, region.admin, "pupils", None, Filters(state="approved"))


def test_a_csv_export_neutralises_formulas_and_is_audited(database, region):
    text = database.run_in_transaction(
        lambda session: export(
            session, region.coordinator, "volunteers", region.coordinator.region_ids, Filters()
        )
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "naam", "e-mail"]
    assert "'=cmd()@example.org" in [row[2] for row in rows]
    assert len(rows) == 5
    with database.unit_of_work() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "volunteers.exported")
        ).one()
        assert (entry.actor_user_id, entry.details) == (region.coordinator.user_id, {"count": 4})


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=cmd()", "'=cmd()"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna = leuk", "Anna = leuk"),
        (-3, "-3"),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(cell, written):
    assert neutralise(cell) == written
    assert list(csv.reader(io.StringIO(to_csv(["h"], [[cell]]))))[1] == [written]


def test_a_volunteer_may_not_read_figures_lists_or_exports(database, region):
    volunteer = Actor(region.coordinator.user_id + 1000, Role.VOLUNTEER)
    mine = region.coordinator.region_ids
    before = audit_count(database)
    refused = [
        lambda s: region_figures(s, volunteer, region.utrecht, ScreeningPolicy()),
        lambda s: listing(s, volunteer, "pupils", mine, Filters()),
        lambda s: export(s, volunteer, "pupils", mine, Filters()),
    ]
    for use_case in refused:
        with pytest.raises(NotPermitted):
            database.run_in_transaction(use_case)
    assert audit_count(database) == before


def test_another_region_or_every_region_is_out_of_a_coordinators_scope_and_nothing_is_audited(
    database, region
):
    coordinator = region.coordinator
    before = audit_count(database)
    refused = [
        lambda s: region_figures(s, coordinator, region.rotterdam, ScreeningPolicy()),
        lambda s: listing(s, coordinator, "pupils", frozenset({region.rotterdam}), Filters()),
        lambda s: listing(s, coordinator, "matches", None, Filters()),
        lambda s: export(s, coordinator, "pupils", frozenset({region.rotterdam}), Filters()),
        lambda s: export(s, coordinator, "volunteers", None, Filters()),
    ]
    for use_case in refused:
        with pytest.raises(OutOfScope):
            database.run_in_transaction(use_case)
    assert audit_count(database) == before
    everywhere = database.run_in_transaction(
        lambda s: listing(s, region.admin, "pupils", None, Filters())
    )
    assert everywhere.total > 0 and audit_count(database) == before + 1


def audit_count(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))
