"""Browser journey with the clock moved on: a pupil drops out of sight and comes back.

Day 0 the pair starts. The worker's hourly escalation job runs as the worker runs it
(:func:`webapp.worker.run_once`); on day 11 the volunteer has a reminder, on day 15
the coordinator's "needs attention" list shows the pair, on day 22 the pupil's mentor
(not the school's other contacts) has the notice. Then the volunteer logs a reached
contact on their phone, and nothing more happens: the list is empty and no further mail
goes out.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.accounts.passwords import hash_password
from matcher.db.models import Match, OutboxMail, Pupil, Region, School, User
from matcher.shared import clock
from tests.contacts.world import add_pair
from tests.e2e.browser_helpers import (
    CONFIRMED,
    COORDINATOR,
    PASSWORD,
    account,
    add_coordinator,
    check_page,
    served,
    sign_in,
)
from tests.e2e.conftest import PHONE
from webapp.worker import JOBS, run_once

# Day 0, close to real time so that the browser's cookies are of the same days.
DAY_0 = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
ESCALATION = tuple(job for job in JOBS if job.name == "escalate_silent_matches")


@pytest.fixture
def silent_pair(database, tmp_path):
    with clock.frozen_at(DAY_0):
        with database.unit_of_work() as session:
            pair = add_pair(session, "utrecht")
            session.get(Match, pair.match).started_at = DAY_0
            volunteer = session.get(User, pair.volunteer_user)
            volunteer.password_hash = hash_password(PASSWORD)
            volunteer.email_confirmed_at = CONFIRMED
            region = session.get(Region, pair.region)
            school = session.get(School, session.get(Pupil, pair.pupil).school_id)
            secret = add_coordinator(session, region)
            mentor = account("mentor@school.example", "mentor", "Mila Mentor", schools=[school])
            session.add(mentor)
            session.flush()
            session.get(Pupil, pair.pupil).mentor_id = mentor.id
            session.commit()
            people = {"volunteer": volunteer.email, "secret": secret}
        with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
            yield app, people


def mail_to(database) -> list[tuple[str, str]]:
    """(recipient, Dutch subject) of every mail queued so far, oldest first."""
    with database.unit_of_work() as session:
        rows = session.execute(
            select(OutboxMail.to_address, OutboxMail.subject).order_by(OutboxMail.id)
        ).all()
    return [(to, subject.split(" / ")[0]) for to, subject in rows]


def on_day(app, day: int) -> None:
    """Move the clock to ``day`` and let the worker run its escalation job."""
    clock.set_now(DAY_0 + timedelta(days=day))
    run_once(app, ESCALATION)



def attention_rows(page, base: str, secret: str) -> list[str]:
    sign_in(page, base, COORDINATOR, PASSWORD, totp_secret=secret)
    page.wait_for_url(re.compile(r"/coordinator/"))
    page.goto(f"{base}/coordinator/aandacht")
    pairs = page.locator("table tbody tr:has(a[href*='/coordinator/leerlingen/'])")
    return [row.inner_text() for row in pairs.all()]


def test_reminder_list_and_notice_come_in_order_and_stop_after_a_reached_contact(
    database, silent_pair, new_page
):
    app, people = silent_pair
    base = app.config["LIVE_URL"]
    try:
        on_day(app, 9)
        assert mail_to(database) == []

        on_day(app, 11)
        assert mail_to(database) == [(people["volunteer"], "Hoe gaat het met uw leerling?")]
        assert attention_rows(new_page(), base, people["secret"]) == []

        on_day(app, 15)
        coordinator = new_page()
        [row] = attention_rows(coordinator, base, people["secret"])
        assert "\t15\t" in row and "niet bereikt" in row
        check_page(coordinator, "out-of-sight-01-attention")
        assert len(mail_to(database)) == 1

        on_day(app, 22)
        recipients = [to for to, _subject in mail_to(database)]
        assert recipients == [people["volunteer"], "mentor@school.example"]

        phone = new_page(**PHONE)
        sign_in(phone, base, people["volunteer"], PASSWORD)
        phone.goto(f"{base}/vrijwilliger/koppelingen")
        phone.fill("input[name=minutes]", "25")
        phone.check("input[name=way][value=phone]")
        phone.get_by_role("button", name="Opslaan", exact=True).click()
        assert phone.get_by_text("Het contactmoment is opgeslagen.").is_visible()

        on_day(app, 23)
        assert attention_rows(new_page(), base, people["secret"]) == []
        assert len(mail_to(database)) == 2
    finally:
        clock.set_now(None)
