"""In Chromium: Bettie finds the erase page from her home page, erases, and is signed out.

axe-core checks each page; screenshots go to ``test-output/screenshots/erasure-*``.
"""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from tests.e2e.browser_helpers import assert_accessible, screenshot
from tests.e2e.conftest import browser, page  # noqa: F401  (fixtures)
from tests.erasure.world import BASE_URL
from tests.mail.smtp_helpers import free_port
from tests.web.web_helpers import settings
from webapp import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def live_url(database, world, tmp_path):
    port = free_port()
    app = create_app(settings(DATABASE=database, TESTING=False, PUBLIC_URL=BASE_URL,
                              DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


def test_a_volunteer_erases_her_data_from_her_home_page(page, live_url, world):  # noqa: F811
    page.goto(f"{live_url}/inloggen")
    page.fill("#email", world.bettie.email)
    page.fill("#password", world.bettie.password)
    page.get_by_role("button", name="Inloggen").click()
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
