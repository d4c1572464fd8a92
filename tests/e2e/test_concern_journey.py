"""Browser journey: a volunteer raises a concern; the mails hold none of it; the school's
designated contact signs in with the second factor, acknowledges it and hands it over;
the volunteer sees "ontvangen" and "opgepakt"; a day later an unacknowledged concern
reaches the region's other coordinator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import ConcernNotice, OutboxMail, User
from matcher.shared import clock
from tests.e2e.browser_helpers import CONFIRMED, PASSWORD, check_page, served, sign_in
from tests.safeguarding.test_concerns import raised
from tests.safeguarding.world import NOW, OBSERVATION, WORDS, add_side
from webapp.worker import JOBS, run_once


@pytest.fixture
def concern_app(database, tmp_path):
    with clock.frozen_at(NOW):
        with database.unit_of_work() as session:
            side = add_side(session, "utrecht")
            secret = users.new_totp_secret()
            for user_id in (side.volunteer_user, side.designated):
                user = session.get(User, user_id)
                user.password_hash, user.email_confirmed_at = hash_password(PASSWORD), CONFIRMED
            session.get(User, side.designated).totp_secret = secret
            emails = {u.id: u.email for u in session.scalars(select(User))}
            session.commit()
        with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
            yield app, side, secret, emails


def mail_bodies(database) -> list[str]:
    with database.unit_of_work() as session:
        return [f"{m.subject}\n{m.body_text}" for m in session.scalars(select(OutboxMail))]


def test_a_concern_goes_from_the_volunteer_to_the_school_and_escalates_when_left(
    page, concern_app, database
):
    app, side, secret, emails = concern_app
    base = app.config["LIVE_URL"]

    sign_in(page, base, emails[side.volunteer_user], PASSWORD)
    page.goto(f"{base}/vrijwilliger/koppelingen")
    page.get_by_role("link", name="Ik maak me zorgen", exact=True).click()
    page.wait_for_url(re.compile(r"/zorg$"))
    assert "0800-2000" in page.content()
    check_page(page, "concern-01-form")
    page.fill("#observation", OBSERVATION)
    page.fill("#observed_on", (NOW.date() - timedelta(days=1)).isoformat())
    page.fill("#pupil_words", WORDS)
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Zorg melden").click()
    page.get_by_role("heading", name="Uw zorg is gemeld").wait_for()
    check_page(page, "concern-02-raised")
    bodies = mail_bodies(database)
    assert len(bodies) == 3 and not any(OBSERVATION in b or WORDS in b for b in bodies)
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, base, emails[side.designated], PASSWORD, totp_secret=secret)
    page.wait_for_url(re.compile(r"/zorgen$"))
    page.get_by_role("link", name=re.compile("Lezen")).click()
    page.get_by_text(OBSERVATION).wait_for()
    check_page(page, "concern-03-read")
    page.get_by_role("button", name="Ik heb de melding ontvangen").click()
    page.get_by_role("button", name="Opgenomen in de procedure van de school").click()
    page.get_by_text("eigen dossier van de school").wait_for()
    check_page(page, "concern-04-handed-over")
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, base, emails[side.volunteer_user], PASSWORD)
    page.goto(f"{base}/vrijwilliger/zorgen")
    assert "opgepakt" in page.locator("table").inner_text()
    assert OBSERVATION not in page.content()
    check_page(page, "concern-05-taken-up")

    with clock.frozen_at(NOW):
        second = raised(database, side, key="tweede")
        clock.advance(timedelta(hours=24))
        (job,) = [job for job in JOBS if job.name == "escalate_concerns"]
        assert run_once(app, (job,)) == {"escalate_concerns": 1}
    with database.unit_of_work() as session:
        told = set(session.scalars(select(ConcernNotice.user_id).where(
            ConcernNotice.concern_id == second, ConcernNotice.reason == "escalated")))
    assert side.second_coordinator in told
    assert not any(OBSERVATION in b for b in mail_bodies(database))
