"""Browser journey: a volunteer answers the four-week check-in and asks to end the match;
the coordinator confirms and lands on the rematch; the volunteer answers the exit questions."""

from __future__ import annotations

import re

import pytest

from matcher.accounts.passwords import hash_password
from matcher.contacts.check_ins import put_questions
from matcher.db.models import Match, Region, User
from tests.contacts.world import NOW, add_pair
from tests.e2e.browser_helpers import (
    CONFIRMED,
    COORDINATOR,
    PASSWORD,
    add_coordinator,
    check_page,
    served,
    sign_in,
)


@pytest.fixture
def journey_app(database, tmp_path):
    with database.unit_of_work() as session:
        pair = add_pair(session, "utrecht")
        volunteer = session.get(User, pair.volunteer_user)
        volunteer.password_hash, volunteer.email_confirmed_at = hash_password(PASSWORD), CONFIRMED
        secret = add_coordinator(session, session.get(Region, pair.region))
        put_questions(session, session.get(Match, pair.match), "week_4", NOW,
                      base_url="https://koppel.test")
        email = volunteer.email
        session.commit()
    with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
        yield app, email, secret


def answer(page, numbers: tuple[int, int, int], comment: str) -> None:
    for field, number in zip(("score_1", "score_2", "score_3"), numbers, strict=True):
        page.check(f"input[name={field}][value='{number}']")
    page.fill("textarea[name=comment]", comment)
    page.get_by_role("button", name="Antwoorden versturen").click()


def test_a_check_in_answered_and_a_match_ended_well(page, new_page, journey_app):
    app, email, secret = journey_app
    base = app.config["LIVE_URL"]
    sign_in(page, base, email, PASSWORD)
    page.wait_for_url(re.compile(r"/vrijwilliger$"))
    page.goto(f"{base}/vrijwilliger/koppelingen")
    page.get_by_role("link", name=re.compile("Vragen na 4 weken")).click()
    page.wait_for_url(re.compile(r"/vragenlijst/\d+$"))
    check_page(page, "check-in-01-questions")
    answer(page, (4, 3, 5), "Het gaat goed.")
    page.wait_for_url(re.compile(r"/vrijwilliger"))
    assert page.get_by_text("Uw antwoorden zijn opgeslagen.").is_visible()

    page.goto(f"{base}/vrijwilliger/koppelingen")
    page.select_option("select[name=reason_code]", "volunteer_stopped")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.wait_for_url(re.compile(r"/vrijwilliger/koppelingen"))
    assert page.get_by_text("Uw verzoek is verstuurd.").is_visible()
    check_page(page, "check-in-02-asked")

    coordinator = new_page(viewport={"width": 1024, "height": 900})
    sign_in(coordinator, base, COORDINATOR, PASSWORD, totp_secret=secret)
    coordinator.wait_for_url(re.compile(r"/coordinator/"))
    coordinator.get_by_role("link", name="Stopverzoeken").first.click()
    coordinator.wait_for_url(re.compile(r"/coordinator/stopverzoeken$"))
    check_page(coordinator, "check-in-03-requests")
    coordinator.get_by_role("button", name="Bevestigen en beëindigen").click()
    coordinator.wait_for_url(re.compile(r"/coordinator/handmatig\?"))
    assert coordinator.get_by_text("De koppeling is beëindigd.", exact=False).is_visible()

    page.goto(f"{base}/vrijwilliger/koppelingen")
    page.get_by_role("link", name=re.compile("Vragen bij het einde")).click()
    page.wait_for_url(re.compile(r"/vragenlijst/\d+$"))
    assert page.get_by_text("Ik wil graag opnieuw maatje zijn.").is_visible()
    answer(page, (5, 4, 5), "Dank voor de begeleiding.")
    page.wait_for_url(re.compile(r"/vrijwilliger"))
    assert page.get_by_text("Uw antwoorden zijn opgeslagen.").is_visible()
    check_page(page, "check-in-04-exit-answered")
