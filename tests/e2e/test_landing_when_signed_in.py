"""Browser step (issue 17, item 20): a signed-in person on the landing page is offered
their own pages, never the anonymous sign-up; a visitor still gets the sign-up."""

from __future__ import annotations

import re

import pytest

from matcher.accounts.passwords import hash_password
from matcher.db.models import User
from tests.contacts.world import add_pair
from tests.e2e.browser_helpers import CONFIRMED, PASSWORD, check_page, served, sign_in

SIGN_UP = "Meld u aan als vrijwilliger"
OWN = "Naar uw eigen pagina's"


@pytest.fixture
def landing_app(database, tmp_path):
    with database.unit_of_work() as session:
        pair = add_pair(session, "utrecht")
        volunteer = session.get(User, pair.volunteer_user)
        volunteer.password_hash, volunteer.email_confirmed_at = hash_password(PASSWORD), CONFIRMED
        email = volunteer.email
        session.commit()
    with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
        yield app, email


def test_the_landing_page_takes_a_signed_in_volunteer_to_their_own_pages(page, landing_app):
    app, email = landing_app
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
