"""Browser journey on a phone-sized screen: a mentor opens their pupil's progress and
reads the chart, what was worked on, the check-in and the contact moments."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from matcher.accounts.passwords import hash_password
from matcher.contacts.moments import MomentEntry, log_moment
from matcher.db.models import Match, PairQuestionnaire, Pupil, User
from tests.contacts.world import STARTED, add_pair, entry
from tests.e2e.browser_helpers import CONFIRMED, PASSWORD, check_page, served, sign_in
from tests.matches.world import actor_of

MENTOR = "mentor@school.example"


@pytest.fixture
def mentor_app(database, tmp_path):
    with database.unit_of_work() as session:
        pair = add_pair(session, "utrecht")
        pupil = session.get(Pupil, pair.pupil)
        mentor = User(email=MENTOR, role="mentor", display_name="Mevrouw Mentor",
                      password_hash=hash_password(PASSWORD), email_confirmed_at=CONFIRMED,
                      schools=[pupil.school])
        session.add(mentor)
        session.flush()
        pupil.mentor_id = mentor.id
        volunteer = actor_of(session, pair.volunteer_user)
        for days in (1, 8):
            log_moment(session, volunteer, pair.match,
                       entry(happened_on=STARTED.date() + timedelta(days=days)))
        log_moment(session, volunteer, pair.match, MomentEntry(
            happened_on=STARTED.date() + timedelta(days=10), minutes=5, way="phone",
            reached=False))
        session.add(PairQuestionnaire(
            match_id=pair.match, kind="week_4", side="mentor", respondent_id=mentor.id,
            sent_at=STARTED + timedelta(days=28), answered_at=STARTED + timedelta(days=29),
            scores=[4, 4, 5], comment="Gaat de goede kant op."))
        reference = pupil.reference
        assert session.get(Match, pair.match).state == "active"
        session.commit()
    with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
        yield app, reference



def test_a_mentor_reads_their_pupils_progress_on_a_phone(phone, mentor_app):
    app, reference = mentor_app
    base = app.config["LIVE_URL"]
    sign_in(phone, base, MENTOR, PASSWORD)
    phone.wait_for_url(re.compile(r"/mentor/$"))
    assert phone.get_by_role("heading", name="Mijn leerlingen").is_visible()
    check_page(phone, "mentor-01-phone-pupils")

    phone.get_by_role("link", name=reference).click()
    phone.wait_for_url(re.compile(r"/mentor/leerling/\d+$"))
    assert phone.get_by_role("img", name="Contactmomenten per week").is_visible()
    assert phone.get_by_text("Gaat de goede kant op.").is_visible()
    assert phone.get_by_text("Samen de planning voor de toetsweek gemaakt.").first.is_visible()
    assert phone.locator("table.contact-moments tbody tr").count() == 3
    # The page fits the phone: nothing wider than the screen but what may scroll itself.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_page(phone, "mentor-02-phone-progress")
