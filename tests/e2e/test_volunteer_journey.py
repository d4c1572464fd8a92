"""A volunteer signs up, opens the link in the mail, checks the sign-up, chooses a password
and confirms, and is then signed in on their profile."""

import re

from tests.e2e.browser_helpers import PASSWORD, check_page, sign_in
from webapp import worker


def choose_password(page, password: str) -> None:
    """Type ``password`` twice and confirm, on the page the mailed link opens."""
    page.fill("#password", password)
    page.fill("#password_again", password)
    page.get_by_role("button", name="Bevestigen").click()


def test_a_volunteer_signs_up_confirms_by_mail_and_sees_their_profile(page, live_app, smtp):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/vrijwilliger/aanmelden")
    check_page(page, "volunteer-01-sign-up")

    page.get_by_role("button", name="Aanmelden").click()
    assert page.locator(".error-summary").is_visible()
    check_page(page, "volunteer-02-sign-up-errors")

    page.fill("#name", "Vera de Vries")
    page.fill("#email", "vera@example.org")
    page.fill("#postcode", "3511 AB")
    for name, value in (("subjects", "wiskunde"), ("levels", "havo"), ("languages", "nl")):
        page.check(f"input[name={name}][value={value}]")
    page.select_option("#availability-0-day", "tue")
    page.fill("#availability-0-start", "15:00")
    page.fill("#availability-0-end", "17:00")
    page.check("input[name=mode][value=online]")
    page.fill("#motivation", "Ik help graag met wiskunde.")
    page.check("#adult")
    page.check("#privacy_consent")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(r"/vrijwilliger/aanmelden/bijna-klaar$"))
    check_page(page, "volunteer-03-check-mail")

    assert worker.run_once(live_app)["send_outbox"].sent == 1
    (mail,) = smtp.inbox.to("vera@example.org")
    link = re.search(r"http://127\.0\.0\.1:\d+/bevestigen/\S+", smtp.inbox.body(mail)).group(0)
    page.goto(link)
    assert page.get_by_text("Vera de Vries").is_visible()
    assert page.get_by_text("dinsdag 15:00–17:00").is_visible()
    check_page(page, "volunteer-04-confirm")

    choose_password(page, "wachtwoord")
    assert page.locator("#password-error").is_visible()
    check_page(page, "volunteer-05-confirm-weak-password")

    choose_password(page, PASSWORD)
    page.wait_for_url(re.compile(r"/vrijwilliger$"))
    assert page.get_by_text("Wacht op intakegesprek").is_visible()
    assert page.get_by_text("dinsdag 15:00–17:00").is_visible()
    check_page(page, "volunteer-06-home")

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/$"))
    sign_in(page, base, "vera@example.org", PASSWORD)
    page.wait_for_url(re.compile(r"/vrijwilliger$"))
