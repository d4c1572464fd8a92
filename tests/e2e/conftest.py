"""Browser tests: Debian's Chromium through Playwright, a live server, loopback SMTP, axe-core.

Playwright never downloads a browser here; it drives ``/usr/bin/chromium``. axe-core
is vendored (``vendor/axe.min.js``) and injected as an init script, which the page's
Content Security Policy does not block, so the pages are checked as they are served.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.accounts.passwords import hash_password
from matcher.db.models import User
from tests.contacts.world import add_pair
from tests.e2e.browser_helpers import CONFIRMED, PASSWORD, served
from tests.mail.smtp_helpers import smtp  # noqa: F401 - the fixture
from tests.volunteers.volunteer_helpers import utrecht  # noqa: F401 - the fixture

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="nl-NL")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A page on a phone-sized screen (390 × 844, touch)."""
    context = browser.new_context(locale="nl-NL", **PHONE)
    context.add_init_script(path=str(AXE))
    yield context.new_page()
    context.close()


@pytest.fixture
def new_page(browser):
    """Opens a page in a context of its own per call (a fresh sign-in each time);
    ``options`` are the context's, e.g. ``**PHONE``."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(locale="nl-NL", **options)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def pair_app(database, tmp_path):
    """The app served with Utrecht's active pair, whose volunteer signs in with
    ``PASSWORD``; yields the app and the volunteer's e-mail address."""
    with database.unit_of_work() as session:
        pair = add_pair(session, "utrecht")
        volunteer = session.get(User, pair.volunteer_user)
        volunteer.password_hash, volunteer.email_confirmed_at = hash_password(PASSWORD), CONFIRMED
        email = volunteer.email
        session.commit()
    with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
        yield app, email


@pytest.fixture
def live_app(database, utrecht, smtp, tmp_path):  # noqa: F811 - the imported fixtures
    """The app served on a free loopback port, mailing to the loopback SMTP server."""
    with served(
        DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"), **smtp.app_settings()
    ) as app:
        yield app
