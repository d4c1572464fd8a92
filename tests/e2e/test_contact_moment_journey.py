"""Browser journey on a phone-sized screen: a volunteer logs a contact moment and sees it,
then logs a worried one and sees whom to contact."""

from __future__ import annotations

import re

from tests.e2e.browser_helpers import PASSWORD, check_page, sign_in


def test_a_volunteer_logs_a_contact_moment_on_a_phone_and_sees_it(phone, pair_app):
    app, email = pair_app
    base = app.config["LIVE_URL"]
    sign_in(phone, base, email, PASSWORD)
    phone.wait_for_url(re.compile(r"/vrijwilliger$"))
    phone.goto(f"{base}/vrijwilliger/koppelingen")
    assert phone.get_by_text("Nog geen contactmomenten.").is_visible()
    check_page(phone, "contacts-01-phone-form")

    phone.fill("input[name=minutes]", "20")
    phone.check("input[name=way][value=phone]")
    phone.check("input[name=topics][value=plannen]")
    phone.fill("textarea[name=note]", "Weekplanning gemaakt.")
    phone.get_by_role("button", name="Opslaan", exact=True).click()
    phone.wait_for_url(re.compile(r"/vrijwilliger/koppelingen"))
    assert phone.get_by_text("Het contactmoment is opgeslagen.").is_visible()
    row = phone.locator("table.contact-moments tbody tr").first
    assert "Weekplanning gemaakt." in row.inner_text()
    assert "Telefoon" in row.inner_text()
    assert row.get_by_role("link", name="Aanpassen").is_visible()
    check_page(phone, "contacts-02-phone-logged")

    phone.fill("input[name=minutes]", "5")
    phone.check("input[name=not_reached]")
    phone.check("input[name=mood][value=worried]")
    phone.get_by_role("button", name="Opslaan", exact=True).click()
    phone.wait_for_url(re.compile(r"zorg="))
    assert phone.get_by_text("Bel Veilig Thuis voor advies: 0800-2000", exact=False).is_visible()
    assert phone.get_by_text("Is er direct gevaar? Bel 112.").is_visible()
    assert phone.locator("table.contact-moments tbody tr").count() == 2
    check_page(phone, "contacts-03-phone-worried")
