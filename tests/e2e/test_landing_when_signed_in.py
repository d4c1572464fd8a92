"""Browser step (issue 17, item 20): a signed-in person on the landing page is offered
their own pages, never the anonymous sign-up; a visitor still gets the sign-up."""

from __future__ import annotations

import re

from tests.e2e.browser_helpers import PASSWORD, check_page, sign_in

SIGN_UP = "Meld u aan als vrijwilliger"
OWN = "Naar uw eigen pagina's"


def test_the_landing_page_takes_a_signed_in_volunteer_to_their_own_pages(page, pair_app):
    app, email = pair_app
    base = app.config["LIVE_URL"]
    page.goto(f"{base}/")
    assert page.get_by_role("link", name=SIGN_UP).is_visible()

    sign_in(page, base, email, PASSWORD)
    page.wait_for_url(re.compile(r"/vrijwilliger$"))
    page.goto(f"{base}/")
    assert page.get_by_role("link", name=SIGN_UP).count() == 0
    check_page(page, "landing-01-signed-in")
    page.get_by_role("link", name=OWN).click()
    page.wait_for_url(re.compile(r"/vrijwilliger$"))
