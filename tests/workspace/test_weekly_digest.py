"""The coordinator's weekly digest: Monday from 07:00 Dutch time, once a week, own regions only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.db.models import (
    AuditEntry,
    Concern,
    Match,
    Pupil,
    Region,
    RegionContactSettings,
    User,
    WeeklyDigest,
)
from matcher.shared import clock
from tests.matches.web_world import signed_in, staff
from tests.web.web_helpers import csrf_token, settings
from tests.workspace.digest_world import BASE_URL, POLICY, build, digests, send
from webapp import create_app
from webapp.worker import JOBS, run_once

# The Monday after summer time starts (29 March 2026): 07:00 there is 05:00 UTC.
SPRING = date(2026, 3, 30)
# The Monday after winter time starts (25 October 2026): 07:00 there is 06:00 UTC.
AUTUMN = date(2026, 10, 26)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def weeks_sent(database) -> list[tuple[str, date]]:
    with database.unit_of_work() as session:
        return sorted(tuple(row) for row in session.execute(
            select(User.email, WeeklyDigest.week_of)
            .join(User, WeeklyDigest.user_id == User.id)))


def test_at_06_59_nothing_at_07_00_the_digest_and_a_second_run_that_week_nothing(database):
    people = build(database, SPRING)
    assert send(database, utc(2026, 3, 30, 4, 59)) == 0
    assert send(database, utc(2026, 3, 30, 5, 0)) == 2
    assert sorted(digests(database)) == [people.rotterdam_coordinator,
                                          people.utrecht_coordinator]
    assert send(database, utc(2026, 3, 30, 5, 15)) == 0
    assert send(database, utc(2026, 4, 1, 12, 0)) == 0
    assert weeks_sent(database) == [(people.rotterdam_coordinator, SPRING),
                                    (people.utrecht_coordinator, SPRING)]


def test_the_week_turns_on_monday_07_00_dutch_time_around_the_switch_to_summer_time(database):
    people = build(database, SPRING)
    assert send(database, utc(2026, 3, 23, 6, 0)) == 2  # 07:00 winter time
    assert send(database, utc(2026, 3, 29, 21, 59)) == 0  # Sunday 23:59 summer time
    assert send(database, utc(2026, 3, 30, 4, 59)) == 0  # Monday 06:59 summer time
    assert send(database, utc(2026, 3, 30, 5, 0)) == 2
    assert [week for email, week in weeks_sent(database)
            if email == people.utrecht_coordinator] == [date(2026, 3, 23), SPRING]


def test_the_week_turns_on_monday_07_00_dutch_time_around_the_switch_to_winter_time(database):
    people = build(database, AUTUMN)
    assert send(database, utc(2026, 10, 19, 5, 0)) == 2  # 07:00 summer time
    assert send(database, utc(2026, 10, 25, 22, 59)) == 0  # Sunday 23:59 winter time
    assert send(database, utc(2026, 10, 26, 5, 59)) == 0  # Monday 06:59 winter time
    assert send(database, utc(2026, 10, 26, 6, 0)) == 2
    assert [week for email, week in weeks_sent(database)
            if email == people.rotterdam_coordinator] == [date(2026, 10, 19), AUTUMN]


def test_a_worker_down_on_monday_morning_sends_the_digest_later_that_week(database):
    build(database, SPRING)
    assert send(database, utc(2026, 4, 2, 9, 0)) == 2
    assert send(database, utc(2026, 4, 6, 4, 0)) == 0  # next Monday 06:00


def test_who_turned_it_off_was_never_invited_or_was_deactivated_gets_nothing(database):
    people = build(database, SPRING)
    send(database, utc(2026, 3, 30, 5, 0))
    assert people.opted_out not in digests(database)
    assert all("utr@" not in email or email == people.utrecht_coordinator
               for email in digests(database))


def test_each_digest_counts_only_the_coordinators_own_regions(database):
    people = build(database, SPRING)
    send(database, utc(2026, 3, 30, 5, 0))
    utrecht = digests(database)[people.utrecht_coordinator]
    rotterdam = digests(database)[people.rotterdam_coordinator]
    assert "Koppels die aandacht vragen: 1\n- " + people.utrecht_silent in utrecht
    assert people.utrecht_recent not in utrecht and people.rotterdam_silent not in utrecht
    assert f"{BASE_URL}/coordinator/aandacht" in utrecht
    assert "Vrijwilligers die wachten op screening: 2" in utrecht
    assert "Voorstellen die wachten op het antwoord van het maatje: 1" in utrecht
    assert "VOG's die verlopen zijn of binnenkort verlopen: 1" in utrecht
    assert "Koppels die aandacht vragen: 1\n- " + people.rotterdam_silent in rotterdam
    assert people.utrecht_silent not in rotterdam
    assert "Vrijwilligers die wachten op screening: 1" in rotterdam
    assert "Voorstellen die wachten op het antwoord van het maatje: 0" in rotterdam
    assert "VOG's die verlopen zijn of binnenkort verlopen: 0" in rotterdam
    assert "Pairs that need attention: 1" in rotterdam  # English below the Dutch
    assert f"{BASE_URL}/beveiliging" in rotterdam


def test_a_region_whose_attention_day_is_later_leaves_its_pair_out_of_the_digest(database):
    people = build(database, SPRING)
    with database.unit_of_work() as session:
        region = session.scalar(select(Region.id).where(Region.slug == "utrecht"))
        session.add(RegionContactSettings(region_id=region, attention_day=30,
                                          school_notice_day=30))
        session.commit()
    send(database, utc(2026, 3, 30, 5, 0))
    assert "Koppels die aandacht vragen: 0" in digests(database)[people.utrecht_coordinator]


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL=BASE_URL, SCREENING_POLICY=POLICY))


def test_the_worker_runs_the_digest_every_quarter_of_an_hour_with_the_public_address(
    app, database
):
    people = build(database, SPRING)
    [job] = [job for job in JOBS if job.name == "send_weekly_digests"]
    assert job.every == timedelta(minutes=15)
    with clock.frozen_at(utc(2026, 3, 30, 5, 0)):
        assert run_once(app, (job,)) == {"send_weekly_digests": 2}
        assert run_once(app, (job,)) == {"send_weekly_digests": 0}
    assert f"{BASE_URL}/coordinator/aandacht" in digests(database)[people.utrecht_coordinator]


def test_a_coordinator_turns_the_digest_off_and_on_on_their_account_page(app, database):
    build(database, SPRING)
    with clock.frozen_at(utc(2026, 3, 30, 4, 0)):
        coordinator = staff(database, "coordinator", "zelf@example.org", [])
        with database.unit_of_work() as session:
            user = session.get(User, coordinator.user_id)
            user.email_confirmed_at = clock.now()
            user.regions = list(session.scalars(select(Region)))
            session.commit()
        client = signed_in(app.test_client(), coordinator)
        page = client.get("/beveiliging").get_data(as_text=True)
        assert "Weekoverzicht" in page and 'name="weekly_digest"' in page and "checked" in page
        token = csrf_token(client, "/beveiliging")
        turned_off = client.post("/beveiliging/weekoverzicht", data={"csrf_token": token})
        assert turned_off.status_code == 302
        assert "checked" not in client.get("/beveiliging").get_data(as_text=True)
    send(database, utc(2026, 3, 30, 5, 0))
    assert "zelf@example.org" not in digests(database)
    with clock.frozen_at(utc(2026, 3, 31, 8, 0)):
        client.post("/beveiliging/weekoverzicht",
                    data={"csrf_token": token, "weekly_digest": "y"})
    assert send(database, utc(2026, 3, 31, 8, 15)) == 1
    assert "zelf@example.org" in digests(database)
    with database.unit_of_work() as session:
        changes = session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "account.weekly_digest_set",
            AuditEntry.entity_id == coordinator.user_id).order_by(AuditEntry.id)).all()
    assert changes == [{"state": "off"}, {"state": "on"}]


def test_an_admin_has_no_digest_to_turn_off(app, database):
    with clock.frozen_at(utc(2026, 3, 30, 4, 0)):
        admin = staff(database, "admin", "beheer@example.org", [])
        client = signed_in(app.test_client(), admin)
        assert "weekly_digest" not in client.get("/beveiliging").get_data(as_text=True)
        token = csrf_token(client, "/beveiliging")
        assert client.post("/beveiliging/weekoverzicht",
                           data={"csrf_token": token}).status_code == 403


def test_posting_without_the_csrf_token_changes_nothing(app, database):
    with clock.frozen_at(utc(2026, 3, 30, 4, 0)):
        coordinator = staff(database, "coordinator", "zelf@example.org", [])
        client = signed_in(app.test_client(), coordinator)
        assert client.post("/beveiliging/weekoverzicht", data={}).status_code == 400
    with database.unit_of_work() as session:
        assert session.get(User, coordinator.user_id).weekly_digest is True


def test_the_digest_counts_the_weeks_new_concerns_and_says_nothing_of_them(database):
    people = build(database, SPRING)
    observation = "Zei dat er thuis hard geschreeuwd wordt"
    with database.unit_of_work() as session:
        pupil = session.scalar(select(Pupil).where(Pupil.reference == people.utrecht_silent))
        match = session.scalar(select(Match).where(Match.pupil_id == pupil.id))
        for n, days_ago in enumerate((2, 9)):
            session.add(Concern(
                match_id=match.id, raised_by_id=match.volunteer.user_id,
                idempotency_key=f"digest-{n}", observation=observation,
                observed_on=SPRING - timedelta(days=days_ago + 1), in_danger=False,
                raised_at=utc(2026, 3, 30, 5, 0) - timedelta(days=days_ago)))
        session.commit()
    send(database, utc(2026, 3, 30, 5, 0))
    utrecht = digests(database)[people.utrecht_coordinator]
    rotterdam = digests(database)[people.rotterdam_coordinator]
    assert "Nieuwe zorgen over een leerling, de afgelopen week: 1" in utrecht
    assert f"{BASE_URL}/zorgen" in utrecht
    assert observation not in utrecht and people.utrecht_silent + "\n" in utrecht
    assert "Nieuwe zorgen over een leerling, de afgelopen week: 0" in rotterdam
