"""Browser step: a coordinator opens the programme report, picks a period, sees its charts."""

from __future__ import annotations

import re

import pytest

from matcher.db.models import Region
from matcher.shared import clock
from tests.e2e.browser_helpers import (
    COORDINATOR,
    PASSWORD,
    add_coordinator,
    check_page,
    served,
    sign_in,
)
from tests.reports.world import NOW, build


@pytest.fixture
def report_app(database, tmp_path):
    with clock.frozen_at(NOW):
        with database.unit_of_work() as session:
            utrecht = session.get(Region, build(session).utrecht)
            secret = add_coordinator(session, utrecht)
            session.commit()
        with served(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")) as app:
            yield app, secret


def test_a_coordinator_reads_the_report_with_its_charts_and_downloads_the_csv(page, report_app):
    app, secret = report_app
    base = app.config["LIVE_URL"]
    sign_in(page, base, COORDINATOR, PASSWORD, totp_secret=secret)
    page.wait_for_url(re.compile(r"/coordinator/"))
    page.get_by_role("link", name="Rapportage").first.click()
    page.wait_for_url(re.compile(r"/coordinator/rapportage$"))
    page.get_by_label("Van", exact=True).fill("2025-01-01")
    page.get_by_label("Tot", exact=True).fill("2025-02-28")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"van=2025-01-01"))
    chart = page.get_by_role("img", name="Contactmomenten per maand")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 2
    assert page.get_by_role("img", name="Beëindigde koppelingen naar reden").is_visible()
    link = page.get_by_role("link", name="Download als CSV")
    download = page.request.get(base + link.get_attribute("href"))
    assert download.ok and "aanvragen,,6" in download.text()
    check_page(page, "report-01-charts")
