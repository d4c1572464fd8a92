"""Browser journey: a coordinator going away names a deputy from another region; during
the absence a concern about a pupil of the absent coordinator's region reaches the
deputy (not the absent coordinator), and the deputy, signed in with the second factor,
reads the handover on their overview and acknowledges the concern."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import OutboxMail, Pupil, User
from matcher.shared import clock
from tests.contacts.world import add_pair
from tests.e2e.browser_helpers import CONFIRMED, PASSWORD, check_page, served, sign_in
from tests.safeguarding.test_concerns import raised
from tests.safeguarding.world import OBSERVATION, Side

HANDOVER = "REF-1 heeft donderdag een gesprek met de mentor; graag even nabellen."


@pytest.fixture
def two_regions(database, tmp_path):
    with database.unit_of_work() as session:
        utrecht, rotterdam = add_pair(session, "utrecht"), add_pair(session, "rotterdam")
        secrets = {}
        for pair in (utrecht, rotterdam):
            coordinator = session.get(User, pair.coordinator)
            coordinator.password_hash = hash_password(PASSWORD)
            coordinator.email_confirmed_at = CONFIRMED
            coordinator.totp_secret = secrets[pair.coordinator] = users.new_totp_secret()
        school_id = session.get(Pupil, utrecht.pupil).school_id
        side = Side(utrecht.match, utrecht.volunteer_user, utrecht.coordinator, 0, 0, 0,
                    school_id, utrecht.region)
        emails = {u.id: u.email for u in session.scalars(select(User))}
        names = {u.id: u.display_name for u in session.scalars(select(User))}
        session.commit()
    with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
        yield app, utrecht, rotterdam, side, secrets, emails, names



def test_the_deputy_receives_the_absent_coordinators_concern_and_handles_it(
    database, two_regions, new_page
):
    app, utrecht, rotterdam, side, secrets, emails, names = two_regions
    base = app.config["LIVE_URL"]
    away, deputy = utrecht.coordinator, rotterdam.coordinator
    today = clock.today()

    page = new_page()
    sign_in(page, base, emails[away], PASSWORD, totp_secret=secrets[away])
    page.wait_for_url(re.compile(r"/coordinator/"))
    page.get_by_role("link", name="Afwezig? Geef uw waarnemer door").click()
    page.fill("#starts_on", today.isoformat())
    page.fill("#ends_on", (today + timedelta(days=6)).isoformat())
    page.select_option("#deputy_id", value=str(deputy))
    page.fill("#handover_note", HANDOVER)
    page.get_by_role("button", name="Afwezigheid vastleggen").click()
    page.get_by_text("Uw afwezigheid is vastgelegd").wait_for()
    check_page(page, "deputy-01-absence")

    concern = raised(database, side, key="tijdens-afwezigheid")
    with database.unit_of_work() as session:
        told = set(session.scalars(select(OutboxMail.to_address)))
    assert emails[deputy] in told and emails[away] not in told

    page = new_page()
    sign_in(page, base, emails[deputy], PASSWORD, totp_secret=secrets[deputy])
    page.wait_for_url(re.compile(r"/coordinator/"))
    page.get_by_text(HANDOVER).wait_for()
    assert f"U neemt {names[away] or emails[away]} waar" in page.content()
    check_page(page, "deputy-02-handover")
    page.goto(f"{base}/zorgen/{concern}")
    page.get_by_text(OBSERVATION).wait_for()
    page.get_by_role("button", name="Ik heb de melding ontvangen").click()
    page.get_by_role("button", name="Opgenomen in de procedure van de school").wait_for(
        state="detached")
    check_page(page, "deputy-03-acknowledged")
