"""The programme report's figures against a world counted by hand, and the "< 5" rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, NotPermitted, OutOfScope, Role
from matcher.db.models import AuditEntry
from matcher.reports.programme import (
    Period,
    PeriodRefused,
    csv_rows,
    export_report,
    programme_report,
)
from matcher.reports.suppression import average, count, median_of, share, shown
from tests.matches.world import actor_of
from tests.reports.world import PERIOD

ADMIN = Actor(user_id=0, role=Role.ADMIN, second_factor_passed=True)


def figures(report) -> dict[str, str]:
    return {f"{name}/{part}" if part else name: value for name, part, value in csv_rows(report)}


def test_a_regions_figures_are_the_hand_counted_ones(database, world):
    with database.unit_of_work() as session:
        report = programme_report(session, actor_of(session, world.utrecht_coordinator),
                                  world.utrecht, PERIOD)
    assert figures(report) == {
        "aanvragen": "6", "gekoppeld": "5", "mediaan_wachtdagen": "10", "actief": "8",
        "beeindigd/goal_reached": "< 5", "beeindigd/pupil_left_school": "0",
        "beeindigd/pupil_stopped": "0", "beeindigd/volunteer_stopped": "0",
        "beeindigd/no_click": "0", "beeindigd/safeguarding": "0",
        "contactmomenten/2025-01": "7", "contactmomenten/2025-02": "< 5",
        "bereikt_laatste_14_dagen": "50%",
        "checkin_gemiddelde/vraag_1": "4,0", "checkin_gemiddelde/vraag_2": "3,0",
        "checkin_gemiddelde/vraag_3": "4,2",
    }


def test_the_national_report_adds_up_every_region_and_hides_small_regions(database, world):
    with database.unit_of_work() as session:
        national = figures(programme_report(session, ADMIN, None, PERIOD))
        rotterdam = figures(programme_report(
            session, actor_of(session, world.rotterdam_coordinator), world.rotterdam, PERIOD))
    assert (national["aanvragen"], national["gekoppeld"], national["actief"]) == ("8", "6", "9")
    assert national["mediaan_wachtdagen"] == "12"  # of 3, 7, 10, 15, 20, 40: 12.5, rounded down
    assert national["bereikt_laatste_14_dagen"] == "43%"  # 3 of 7
    assert [rotterdam[k] for k in ("aanvragen", "gekoppeld", "mediaan_wachtdagen", "actief",
                                   "bereikt_laatste_14_dagen")] == ["< 5"] * 5
    assert rotterdam["contactmomenten/2025-01"] == "0"
    assert rotterdam["checkin_gemiddelde/vraag_1"] == "–"


def test_a_coordinator_reads_only_their_own_region_and_never_the_national_report(
    database, world
):
    with database.unit_of_work() as session:
        coordinator = actor_of(session, world.utrecht_coordinator)
        with pytest.raises(OutOfScope):
            programme_report(session, coordinator, world.rotterdam, PERIOD)
        with pytest.raises((OutOfScope, NotPermitted)):
            programme_report(session, coordinator, None, PERIOD)


def test_the_export_carries_the_page_figures_and_is_audited(database, world):
    with database.unit_of_work() as session:
        coordinator = actor_of(session, world.utrecht_coordinator)
        text = export_report(session, coordinator, world.utrecht, PERIOD)
        session.commit()
        entry = session.execute(select(AuditEntry.entity_id, AuditEntry.actor_user_id).where(
            AuditEntry.action == "programme_report.exported")).one()
    lines = text.splitlines()
    assert lines[0] == "figuur,onderdeel,waarde"
    assert "aanvragen,,6" in lines and "contactmomenten,2025-02,< 5" in lines
    assert 'checkin_gemiddelde,vraag_3,"4,2"' in lines
    assert entry.entity_id == world.utrecht and entry.actor_user_id == world.utrecht_coordinator


@pytest.mark.parametrize(("first", "last", "field"), [
    (date(2025, 3, 1), date(2025, 2, 1), "van"),
    (date(1999, 12, 31), date(2025, 2, 1), "van"),
    (date(2025, 1, 1), date(2101, 1, 1), "tot"),
    (date(2020, 1, 1), date(2024, 1, 1), "tot"),
])
def test_a_wrong_period_is_refused_naming_the_field(first, last, field):
    with pytest.raises(PeriodRefused) as refused:
        Period.checked(first, last)
    assert refused.value.field == field


def test_the_default_period_is_the_last_three_months():
    assert Period.last_three_months(date(2025, 5, 31)) == Period(date(2025, 2, 28),
                                                                 date(2025, 5, 31))
    assert Period.last_three_months(date(2025, 2, 10)) == Period(date(2024, 11, 10),
                                                                 date(2025, 2, 10))


@pytest.mark.parametrize(("figure", "text"), [
    (count(0), "0"), (count(1), "< 5"), (count(4), "< 5"), (count(5), "5"),
    (share(0, 5), "0%"), (share(4, 4), "< 5"), (share(0, 0), "–"), (share(2, 3), "< 5"),
    (average(4.5, 4), "< 5"), (average(None, 0), "–"), (average(2.25, 8), "2,2"),
    (median_of([1, 2, 3, 4]), "< 5"), (median_of([]), "–"), (median_of([9] * 5), "9"),
])
def test_small_numbers_are_shown_as_less_than_five(figure, text):
    assert shown(figure) == text
