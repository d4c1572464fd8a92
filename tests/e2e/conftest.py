"""Browser tests: Debian's Chromium through Playwright, a live server, loopback SMTP, axe-core.

Playwright never downloads a browser here; it drives ``/usr/bin/chromium``. axe-core
is vendored (``vendor/axe.min.js``) and injected as an init script, which the page's
Content Security Policy does not block, so the pages are checked as they are served.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from matcher.db.models import PostcodeRange, Region
from tests.mail.smtp_helpers import SmtpServer, free_port
from tests.web.web_helpers import settings
from webapp import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="nl-NL")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_app(database, smtp, tmp_path):
    """The app served on a free loopback port, mailing to the loopback SMTP server."""
    with database.unit_of_work() as session:
        region = Region(name="Utrecht", slug="utrecht")
        region.postcode_ranges = [PostcodeRange(first=3500, last=3599)]
        session.add(region)
        session.commit()
    port = free_port()
    app = create_app(
        settings(
            DATABASE=database,
            TESTING=False,
            DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
            PUBLIC_URL=f"http://127.0.0.1:{port}",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp.port,
            MAIL_USE_TLS=False,
        )
    )
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{port}"
    yield app
    server.shutdown()
    thread.join(timeout=10)
