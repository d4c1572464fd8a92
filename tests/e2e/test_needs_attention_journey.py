"""Browser step: a coordinator opens the "needs attention" list from the navigation."""

from __future__ import annotations

import re

import pytest

from matcher.db.models import Region
from matcher.shared import clock
from tests.contacts.world import NOW, add_pair
from tests.e2e.browser_helpers import (
    COORDINATOR,
    PASSWORD,
    add_coordinator,
    check_page,
    served,
    sign_in,
)


@pytest.fixture
def attention_app(database, tmp_path):
    with clock.frozen_at(NOW):
        with database.unit_of_work() as session:
            utrecht = session.get(Region, add_pair(session, "utrecht").region)
            add_pair(session, "rotterdam")
            secret = add_coordinator(session, utrecht)
            session.commit()
        with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
            yield app, secret


def test_a_coordinator_sees_the_silent_pair_of_their_region(page, attention_app):
    app, secret = attention_app
    base = app.config["LIVE_URL"]
    sign_in(page, base, COORDINATOR, PASSWORD, totp_secret=secret)
    page.wait_for_url(re.compile(r"/coordinator/"))
    page.get_by_role("link", name="Vraagt aandacht").first.click()
    page.wait_for_url(re.compile(r"/coordinator/aandacht$"))
    rows = page.locator("table tbody tr:has(a[href*='/coordinator/leerlingen/'])")
    assert rows.count() == 1
    assert "Te lang niet bereikt" in rows.first.inner_text()
    assert "Elke week" in rows.first.inner_text()
    check_page(page, "attention-01-list")
