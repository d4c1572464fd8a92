"""In Chromium: Bettie finds the erase page from her home page, erases, and is signed out.

axe-core checks each page; screenshots go to ``test-output/screenshots/erasure-*``.
"""

from __future__ import annotations

import re

import pytest

from tests.deletion.world import BASE_URL
from tests.e2e.browser_helpers import assert_accessible, screenshot, served, sign_in
from tests.e2e.conftest import page  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def live_url(database, world, tmp_path):
    with served(
        DATABASE=database, PUBLIC_URL=BASE_URL, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")
    ) as app:
        yield app.config["LIVE_URL"]


def test_a_volunteer_erases_her_data_from_her_home_page(page, live_url, world):  # noqa: F811
    sign_in(page, live_url, world.bettie.email, world.bettie.password)
    page.wait_for_url(re.compile(r"/vrijwilliger$"))

    page.get_by_role("link", name="Mijn gegevens wissen").click()
    page.wait_for_url(re.compile(r"/vrijwilliger/gegevens-wissen$"))
    assert page.get_by_text("worden eerst beëindigd (2)").is_visible()
    assert_accessible(page)
    screenshot(page, "erasure-01-confirm")

    page.get_by_role("button", name="Ja, wis mijn gegevens").click()
    page.wait_for_url(re.compile(r"/vrijwilliger/gegevens-gewist$"))
    assert page.get_by_role("heading", name="Uw gegevens zijn gewist").is_visible()
    assert_accessible(page)
    screenshot(page, "erasure-02-done")

    page.goto(f"{live_url}/vrijwilliger")
    page.wait_for_url(re.compile(r"/inloggen"))
