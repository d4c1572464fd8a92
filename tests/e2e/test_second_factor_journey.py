"""Browser journey: an admin sets up the app, keeps recovery codes, resets a coordinator,
and later signs in with a recovery code. axe-core and a screenshot on every page."""

from __future__ import annotations

from sqlalchemy import select

from matcher.accounts import users
from matcher.db.models import Region
from tests.e2e.browser_helpers import PASSWORD, account, check_page, sign_in


def _staff(database) -> None:
    with database.unit_of_work() as session:
        region = session.scalars(select(Region)).one()
        session.add_all(
            [
                account("beheer@example.org", "admin", "Bram Beheerder"),
                account(
                    "coordinator@example.org",
                    "coordinator",
                    "Carla Coördinator",
                    totp_secret=users.new_totp_secret(),
                    regions=[region],
                ),
            ]
        )
        session.commit()


def _sign_in(page, base: str) -> None:
    sign_in(page, base, "beheer@example.org", PASSWORD)
    page.wait_for_url("**/inloggen/code")


def test_an_admin_sets_up_the_second_factor_resets_a_colleague_and_uses_a_recovery_code(
    page, live_app, database
):
    base = live_app.config["LIVE_URL"]
    _staff(database)
    _sign_in(page, base)
    check_page(page, "second-factor-enrol")
    secret = page.locator("p.secret code").inner_text()
    page.fill("#code", users.current_totp_code(secret))
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Uw herstelcodes").wait_for()
    check_page(page, "second-factor-recovery-codes")
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="Ik heb de codes bewaard").click()

    page.get_by_role("link", name="Beveiliging").click()
    check_page(page, "second-factor-security")
    page.get_by_role("link", name="Tweede stap van coördinatoren en beheerders").click()
    check_page(page, "second-factor-staff")
    page.get_by_role("link", name="Wissen (Carla Coördinator)").click()
    check_page(page, "second-factor-reset")
    page.get_by_role("button", name="Tweede stap wissen").click()
    page.wait_for_url("**/beveiliging/medewerkers")
    assert "De tweede stap is gewist." in page.content()
    assert "Nog niet ingesteld" in page.content()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{base}/")

    _sign_in(page, base)
    check_page(page, "second-factor-code")
    page.get_by_role("link", name="Geen toegang tot uw app? Log in met een herstelcode.").click()
    page.fill("#code", "abcde-fghjk")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Deze herstelcode klopt niet of is al gebruikt.").wait_for()
    check_page(page, "second-factor-recovery-wrong")
    page.fill("#code", codes[0])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/beheer/")
    assert "Ongebruikte herstelcodes: 9" in page.content()
    check_page(page, "second-factor-recovery-used")

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/beveiliging")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Nieuwe herstelcodes maken").click()
    page.get_by_role("heading", name="Uw herstelcodes").wait_for()
    check_page(page, "second-factor-recovery-codes-phone")
