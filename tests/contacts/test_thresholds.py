"""Each region sets its own escalation thresholds; the job and the list follow them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from matcher.accounts.permissions import OutOfScope
from matcher.contacts.attention import needs_attention
from matcher.contacts.escalation import escalate_silent_matches
from matcher.contacts.thresholds import (
    DEFAULTS,
    ThresholdRefused,
    Thresholds,
    region_thresholds,
    set_region_thresholds,
)
from matcher.db.models import AuditEntry, ContactEscalation, Match, RegionContactSettings
from matcher.shared import clock
from tests.contacts.world import NOW, actor_of
from tests.matches.web_world import coordinator_of, signed_in, staff
from tests.web.web_helpers import settings, submit
from webapp import create_app

BASE_URL = "https://koppel.example"
WEEK = {"reminder_percent": 100, "attention_day": 7, "school_notice_day": 10,
        "unreached_in_a_row": 2}


@pytest.fixture
def started_today(database, pairs):
    """Both regions' pairs start today (day 0)."""
    with database.unit_of_work() as session:
        for pair in pairs:
            session.get(Match, pair.match).started_at = NOW
        session.commit()
    return pairs


def set_thresholds(database, user_id: int, region_id: int, values: dict) -> Thresholds:
    return database.run_in_transaction(lambda session: set_region_thresholds(
        session, actor_of(session, user_id), region_id, values))


def listed(database, user_id: int, day: int) -> list[int]:
    with clock.frozen_at(NOW + timedelta(days=day)), database.unit_of_work() as session:
        return [line.match_id for line in needs_attention(session, actor_of(session, user_id))]


def test_a_region_with_attention_day_7_lists_its_pair_on_day_7_and_the_other_region_does_not(
    database, started_today
):
    utrecht, rotterdam = started_today
    set_thresholds(database, utrecht.coordinator, utrecht.region, WEEK)
    assert listed(database, utrecht.coordinator, 6) == []
    assert listed(database, utrecht.coordinator, 7) == [utrecht.match]
    assert listed(database, rotterdam.coordinator, 7) == []
    assert listed(database, rotterdam.coordinator, 14) == [rotterdam.match]


def test_the_job_takes_each_regions_steps_on_its_own_days_reading_the_thresholds_once(
    database, started_today
):
    utrecht, rotterdam = started_today
    set_thresholds(database, utrecht.coordinator, utrecht.region, WEEK)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with clock.frozen_at(NOW + timedelta(days=10)):
            database.run_in_transaction(lambda session: escalate_silent_matches(
                session, clock.now(), base_url=BASE_URL))
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    assert sum("FROM region_contact_settings" in s for s in statements) == 1
    with database.unit_of_work() as session:
        taken = session.execute(select(ContactEscalation.match_id, ContactEscalation.step)
                                .order_by(ContactEscalation.id)).all()
    assert sorted(taken) == sorted([
        (utrecht.match, "reminder"), (utrecht.match, "attention"),
        (utrecht.match, "school_notice"), (rotterdam.match, "reminder"),
    ])


def test_the_reminder_follows_the_regions_share_of_the_rhythm(database, started_today):
    utrecht, _ = started_today
    set_thresholds(database, utrecht.coordinator, utrecht.region,
                   {**WEEK, "reminder_percent": "300", "attention_day": 30,
                    "school_notice_day": 30})
    for day, expected in ((20, []), (21, ["reminder"])):
        with clock.frozen_at(NOW + timedelta(days=day)):
            database.run_in_transaction(lambda session: escalate_silent_matches(
                session, clock.now(), base_url=BASE_URL))
        with database.unit_of_work() as session:
            steps = session.scalars(select(ContactEscalation.step).where(
                ContactEscalation.match_id == utrecht.match)).all()
        assert steps == expected


@pytest.mark.parametrize(("field", "value"), [
    ("reminder_percent", "99"), ("reminder_percent", "401"), ("attention_day", "1"),
    ("attention_day", "61"), ("school_notice_day", "91"), ("unreached_in_a_row", "0"),
    ("unreached_in_a_row", "11"), ("attention_day", "zeven"), ("attention_day", ""),
    ("attention_day", "7.5"), ("attention_day", None), ("attention_day", "9" * 5000),
    ("attention_day", "٣"), ("attention_day", "0" * 5000),
])
def test_a_value_out_of_range_is_refused_at_its_field_and_nothing_is_stored(
    database, pairs, field, value
):
    utrecht, _ = pairs
    with pytest.raises(ThresholdRefused) as refused:
        set_thresholds(database, utrecht.coordinator, utrecht.region, {**WEEK, field: value})
    assert refused.value.field == field and refused.value.code == "threshold_range"
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(RegionContactSettings)) == 0


def test_the_school_notice_may_not_come_before_the_attention_step(database, pairs):
    utrecht, _ = pairs
    with pytest.raises(ThresholdRefused) as refused:
        set_thresholds(database, utrecht.coordinator, utrecht.region,
                       {**WEEK, "attention_day": 20, "school_notice_day": 19})
    assert (refused.value.field, refused.value.code) == (
        "school_notice_day", "notice_before_attention")


def test_a_change_is_audited_and_replaces_the_regions_thresholds(database, pairs):
    utrecht, _ = pairs
    set_thresholds(database, utrecht.coordinator, utrecht.region, WEEK)
    set_thresholds(database, utrecht.coordinator, utrecht.region, {**WEEK, "attention_day": 8})
    with database.unit_of_work() as session:
        row = session.get(RegionContactSettings, utrecht.region)
        assert (row.attention_day, row.set_by_id) == (8, utrecht.coordinator)
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "region.thresholds_set").order_by(AuditEntry.id)).all()
        assert [(e.entity_id, e.actor_user_id, e.details["attention_day"]) for e in entries] == [
            (utrecht.region, utrecht.coordinator, 7), (utrecht.region, utrecht.coordinator, 8)]


def test_another_regions_coordinator_finds_nothing_and_an_admin_may_set_any_region(
    database, pairs
):
    utrecht, rotterdam = pairs
    with pytest.raises(OutOfScope):
        set_thresholds(database, rotterdam.coordinator, utrecht.region, WEEK)
    with database.unit_of_work() as session, pytest.raises(OutOfScope):
        region_thresholds(session, actor_of(session, rotterdam.coordinator), utrecht.region)
    admin = staff(database, "admin", "beheer@example.org", [])
    set_thresholds(database, admin.user_id, utrecht.region, WEEK)
    with database.unit_of_work() as session:
        shown = region_thresholds(session, actor_of(session, admin.user_id), utrecht.region)
        assert shown.own and shown.thresholds.attention_day == 7
        other = region_thresholds(session, actor_of(session, admin.user_id), rotterdam.region)
        assert not other.own and other.thresholds == DEFAULTS


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL="https://koppel.test"))


def test_the_coordinator_sets_the_thresholds_on_a_page_with_dutch_field_errors(
    app, database, pairs
):
    utrecht, rotterdam = pairs
    page = f"/coordinator/regio/{utrecht.region}/drempels"
    client = signed_in(app.test_client(), coordinator_of(database, utrecht.region, "c@example.org"))
    assert f'href="{page}"' in client.get("/coordinator/aandacht").get_data(as_text=True)
    form = client.get(page).get_data(as_text=True)
    assert 'value="14"' in form and 'value="150"' in form
    wrong = submit(client, page, {**WEEK, "attention_day": "70"})
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 200
    field = "Op de lijst ‘Vraagt aandacht’ na (dagen)"
    assert f"{field}: Vul een heel getal in van 2 tot en met 60." in body
    before = submit(client, page, {**WEEK, "attention_day": "20", "school_notice_day": "19"})
    assert "vul 20 of meer in" in before.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(RegionContactSettings, utrecht.region) is None
    saved = submit(client, page, {name: str(value) for name, value in WEEK.items()})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/coordinator/aandacht")
    with database.unit_of_work() as session:
        assert session.get(RegionContactSettings, utrecht.region).attention_day == 7
    assert client.get(f"/coordinator/regio/{rotterdam.region}/drempels").status_code == 404
    assert client.get("/coordinator/regio/99999/drempels").status_code == 404
