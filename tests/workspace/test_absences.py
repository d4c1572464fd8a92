"""No region without a coordinator: an absent coordinator's deputy covers their regions,
receives what the region's coordinators receive and reads the handover; a region with
nobody present goes to the admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from fixtures import demo_db
from matcher.accounts import absences
from matcher.accounts.absences import AbsenceRefused
from matcher.accounts.permissions import Actor, OutOfScope, Role
from matcher.accounts.users import load_account
from matcher.db.models import AuditEntry, User
from matcher.matches.notifications import region_coordinators
from tests.web.web_helpers import csrf_token
from tests.workspace.conftest import NOW, sign_in_fully

TODAY = NOW.date()
NOTE = "Let op REF-12: de mentor belt donderdag terug."


def away(database, place, *, starts_on=TODAY, ends_on=TODAY + timedelta(days=13),
         deputy=None, note=NOTE) -> int:
    deputy_id = place.other_coordinator.user_id if deputy is None else deputy
    return database.run_in_transaction(lambda session: absences.record_absence(
        session, place.coordinator, starts_on=starts_on, ends_on=ends_on, deputy_id=deputy_id,
        handover_note=note))


def told(database, region_id) -> list[str]:
    with database.unit_of_work() as session:
        return [user.email for user in region_coordinators(session, region_id)]


def test_during_the_absence_the_deputy_covers_the_region_and_is_told_instead(database, place):
    assert told(database, place.utrecht) == ["c-utrecht@example.org"]
    away(database, place)
    assert told(database, place.utrecht) == ["c-rotterdam@example.org"]
    with database.unit_of_work() as session:
        deputy = session.get(User, place.other_coordinator.user_id)
        deputy.email_confirmed_at = NOW
        account = load_account(session, deputy.id, deputy.session_version)
        assert account.region_ids == {place.rotterdam, place.utrecht}
        assert absences.covered_region_ids(session, deputy.id, TODAY + timedelta(days=14)) \
            == frozenset()


def test_an_absence_that_starts_later_changes_nothing_yet(database, place):
    away(database, place, starts_on=TODAY + timedelta(days=7), ends_on=TODAY + timedelta(days=9))
    assert told(database, place.utrecht) == ["c-utrecht@example.org"]
    with database.unit_of_work() as session:
        assert absences.covered_region_ids(
            session, place.other_coordinator.user_id, TODAY) == frozenset()


def test_a_region_with_nobody_present_goes_to_the_admins_and_is_a_warning(database, place):
    with database.unit_of_work() as session:
        session.get(User, place.other_coordinator.user_id).active = False
        session.commit()
        assert [r.id for r in absences.regions_without_coordinator(session, TODAY)] == [
            place.rotterdam]
    assert told(database, place.rotterdam) == ["admin@example.org"]


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"starts_on": TODAY - timedelta(days=1)}, "starts_on", "past_date"),
    ({"ends_on": TODAY - timedelta(days=1)}, "ends_on", "absence_order"),
    ({"ends_on": TODAY + timedelta(weeks=27)}, "ends_on", "absence_too_long"),
    ({"deputy": 999_999}, "deputy_id", "unknown_deputy"),
    ({"note": "x" * 1001}, "handover_note", "text_too_long"),
])  # fmt: skip
def test_a_wrong_absence_is_refused_at_its_field_and_nothing_is_stored(
    database, place, changes, field, code
):
    with pytest.raises(AbsenceRefused) as refused:
        away(database, place, **changes)
    assert (refused.value.field, refused.value.code) == (field, code)
    with database.unit_of_work() as session:
        assert absences.own_absences(session, place.coordinator) == []


def test_oneself_is_no_deputy_and_two_absences_may_not_overlap(database, place):
    with pytest.raises(AbsenceRefused):
        away(database, place, deputy=place.coordinator.user_id)
    away(database, place)
    with pytest.raises(AbsenceRefused) as refused:
        away(database, place, starts_on=TODAY + timedelta(days=5),
             ends_on=TODAY + timedelta(days=20))
    assert refused.value.code == "overlapping_absence"


def test_only_the_absent_coordinator_withdraws_it(database, place):
    absence_id = away(database, place)
    with pytest.raises(OutOfScope):
        database.run_in_transaction(lambda session: absences.cancel_absence(
            session, place.other_coordinator, absence_id))
    database.run_in_transaction(
        lambda session: absences.cancel_absence(session, place.coordinator, absence_id))
    assert told(database, place.utrecht) == ["c-utrecht@example.org"]


def test_the_deputy_reads_the_handover_and_the_reading_is_audited_by_ids(database, place):
    absence_id = away(database, place)
    with database.unit_of_work() as session:
        [handover] = absences.handovers(session, place.other_coordinator)
        session.commit()
        details = session.scalar(select(AuditEntry.details).where(
            AuditEntry.action == "absence.handover_read"))
    assert handover.handover_note == NOTE
    assert details == {"absence_ids": [absence_id]}


def test_through_the_pages(app, client, database, people, place):
    sign_in_fully(client, people.coordinator)
    page = client.get("/coordinator/afwezigheid").get_data(as_text=True)
    assert "Afwezigheid doorgeven" in page
    data = {"starts_on": "2025-03-03", "ends_on": "2025-03-01",
            "deputy_id": str(place.other_coordinator.user_id), "handover_note": NOTE,
            "csrf_token": csrf_token(client, "/coordinator/afwezigheid")}
    refused = client.post("/coordinator/afwezigheid", data=data)
    assert "De afwezigheid eindigt vóór hij begint" in refused.get_data(as_text=True)
    response = client.post("/coordinator/afwezigheid", data={**data, "ends_on": "2025-03-14"})
    assert response.status_code == 302
    deputy = app.test_client()
    sign_in_fully(deputy, people.other_coordinator)
    overview = deputy.get("/coordinator/overzicht").get_data(as_text=True)
    assert "U neemt" in overview and NOTE in overview
    assert "Utrecht" in deputy.get(f"/coordinator/overzicht?regio={place.utrecht}").get_data(
        as_text=True)


def test_the_admins_see_a_region_without_a_coordinator(client, database, people, place):
    with database.unit_of_work() as session:
        session.get(User, place.other_coordinator.user_id).active = False
        session.commit()
    sign_in_fully(client, people.admin)
    home = client.get("/beheer/").get_data(as_text=True)
    assert "zonder aanwezige coördinator" in home and "Rotterdam" in home


def test_the_demo_coordinator_covers_an_absent_colleague(database):
    demo_db.load(database, pupils=12, volunteers=9)
    with database.unit_of_work() as session:
        coordinator = session.scalar(
            select(User).where(User.email == "coordinator@demo.koppel.test"))
        actor = Actor(coordinator.id, Role.COORDINATOR, second_factor_passed=True)
        [handover] = absences.handovers(session, actor)
    assert handover.coordinator_name == "Sanne Verhoef" and handover.handover_note
