"""Browser journey: matching on the demo data, from the coordinator's run to the school's view.

The coordinator signs in (password + the demo TOTP secret), runs matching for Utrecht,
reads an explanation, rejects one proposal with a reason and approves the rest; the
worker sends the mails over loopback SMTP; a volunteer accepts from the link in the
mail; the school contact signs in and sees the pupil matched.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from fixtures import demo_db
from matcher.db.models import Match, Pupil, User
from matcher.matching.run_execution import execute_queued_runs
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from tests.e2e.browser_helpers import assert_accessible, check_page, screenshot, served, sign_in
from tests.e2e.conftest import AXE
from webapp.worker import JOBS, run_once

LOGINS = {login.role: login for login in demo_db.DEMO_LOGINS}
REFERENCE = "E2E-WISK-1"
SEND_MAIL = tuple(job for job in JOBS if job.name == "send_outbox")


@pytest.fixture
def demo_app(database, smtp, tmp_path):
    """The demo data plus one urgent maths pupil at the demo school, served on loopback."""
    demo_db.load(database)
    with database.unit_of_work() as session:
        school = session.scalar(
            select(User).where(User.email == LOGINS["school"].email)).schools[0]
        session.add(Pupil(
            school=school, reference=REFERENCE, school_year=3, level="havo",
            subjects=["wiskunde"], priority="urgent", mode="online", pc4=3511,
            availability=[{"day": "mon", "start": 900, "end": 1020}],
            waiting_since=clock.now() - timedelta(days=20),
        ))
        session.commit()
    with served(
        DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"), **smtp.app_settings()
    ) as app:
        yield app


def checked_page(browser):
    """A page in a fresh context (another person's browser) with axe-core injected."""
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(path=str(AXE))
    return context.new_page()


def sign_in_as(page, base: str, role: str) -> None:
    login = LOGINS[role]
    sign_in(page, base, login.email, login.password, totp_secret=login.totp_secret)


def test_a_coordinator_matches_the_demo_region_and_the_volunteer_and_school_follow(
    browser, page, demo_app, database, smtp
):
    base = demo_app.config["LIVE_URL"]
    sign_in_as(page, base, "coordinator")
    page.goto(f"{base}/coordinator/koppelrondes")
    assert_accessible(page)
    page.get_by_role("button", name="Koppelronde starten voor Utrecht").click()
    assert "in de wachtrij" in page.locator("#run-progress").inner_text()
    check_page(page, "matching-run-queued")
    # The worker's part, here: the page notices by itself and shows the proposals.
    execute_queued_runs(database, policy=ScreeningPolicy.from_env())
    ours = page.locator("tr", has_text=REFERENCE)
    assert "Samen: Wiskunde." in ours.inner_text()
    assert "Urgentie urgent" in ours.inner_text()
    check_page(page, "matching-proposals")

    other = page.locator("tr:has(input[name=voorstel])").filter(has_not_text=REFERENCE).first
    other.locator("input[name=voorstel]").check()
    page.select_option("#action", "reject")
    page.fill("#reason", "Vrijwilliger kent de familie")
    page.get_by_role("button", name="Uitvoeren").click()
    assert "1 voorstel(len) verwerkt." in page.content()
    for box in page.locator("input[name=voorstel]").all():
        box.check()
    page.select_option("#action", "approve")
    page.get_by_role("button", name="Uitvoeren").click()
    assert "verwerkt" in page.content()
    screenshot(page, "matching-decided")
    with database.unit_of_work() as session:
        states = set(session.scalars(select(Match.state)))
        ours_match = session.scalar(
            select(Match).join(Pupil).where(Pupil.reference == REFERENCE))
        volunteer_email = ours_match.volunteer.user.email
    assert {"rejected", "approved"} <= states and "proposed" not in states

    run_once(demo_app, SEND_MAIL)
    mail = smtp.inbox.to(volunteer_email)[-1]
    link = re.search(r"http://127\.0\.0\.1:\d+/koppeling/\S+", smtp.inbox.body(mail)).group(0)
    volunteer = checked_page(browser)
    volunteer.goto(link)
    check_page(volunteer, "matching-volunteer-answer")
    volunteer.get_by_role("button", name="Ja, ik word maatje").click()
    # Opened from the mail without signing in: the page does not say which pupil.
    assert "U bent maatje van deze leerling" in volunteer.content()
    assert REFERENCE not in volunteer.content()
    volunteer.context.close()

    run_once(demo_app, SEND_MAIL)
    assert smtp.inbox.to(LOGINS["school"].email), "the school contact was not told"
    school = checked_page(browser)
    sign_in_as(school, base, "school")
    school.goto(f"{base}/school/")
    row = school.locator("tr", has_text=REFERENCE)
    assert "gekoppeld" in row.inner_text()
    check_page(school, "matching-school-sees-match")
    school.context.close()

    page.goto(f"{base}/coordinator/koppelrondes")
    page.get_by_role("link", name="Een leerling handmatig koppelen").click()
    check_page(page, "matching-manual-chooser")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    # On a phone the chooser fits the screen: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_page(page, "matching-manual-chooser-phone")
    page.set_viewport_size({"width": 1024, "height": 900})
    with database.unit_of_work() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.reference == REFERENCE))
    page.goto(f"{base}/coordinator/leerlingen/{pupil_id}")
    page.select_option("#reason_code", "volunteer_stopped")
    page.get_by_role("button", name="Koppeling beëindigen").click()
    assert "De koppeling is beëindigd." in page.content()
    check_page(page, "matching-pupil-file-ended")
    with database.unit_of_work() as session:
        assert session.get(Pupil, pupil_id).state == "waiting"
