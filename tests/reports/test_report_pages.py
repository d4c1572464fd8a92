"""The programme report page and its CSV through the web: figures, regions, bad dates."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db.models import AuditEntry
from tests.matches.web_world import coordinator_of, signed_in, staff
from tests.web.web_helpers import settings
from webapp import create_app

PAGE = "/coordinator/rapportage"
PERIOD = "van=2025-01-01&tot=2025-02-28"


@pytest.fixture
def app(database, tmp_path):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


@pytest.fixture
def utrecht(app, database, world):
    return signed_in(app.test_client(), coordinator_of(database, world.utrecht, "u@example.org"))


def test_the_page_shows_the_figures_charts_and_the_same_figures_as_a_table(utrecht, world):
    response = utrecht.get(f"{PAGE}?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Utrecht, van 01-01-2025 tot en met 28-02-2025." in page
    assert '<td>Aanvragen ontvangen</td><td class="number">6</td>' in page
    assert '<td class="number">50%</td>' in page and '<td class="number">4,2</td>' in page
    assert page.count('<svg class="chart" role="img"') == 2
    assert "<td>01-2025</td><td class=\"number\">7</td>" in page
    assert "<td>02-2025</td><td class=\"number\">&lt; 5</td>" in page
    assert (f'href="/coordinator/rapportage.csv?regio={world.utrecht}&amp;van=2025-01-01&amp;'
            'tot=2025-02-28"') in page


def test_without_dates_the_page_covers_the_last_three_months(utrecht, world):
    page = utrecht.get(PAGE).get_data(as_text=True)
    assert 'value="2024-12-03"' in page and 'value="2025-03-03"' in page


def test_the_csv_has_the_pages_suppressed_figures_and_is_audited(utrecht, database, world):
    response = utrecht.get(f"{PAGE}.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "koppel-rapportage-regio-" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "aanvragen,,6\r\n" in text and "beeindigd,goal_reached,< 5\r\n" in text
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).where(
            AuditEntry.action == "programme_report.exported")) == 1


def test_a_coordinator_cannot_ask_for_another_region_nor_the_country(app, database, world,
                                                                     utrecht):
    assert utrecht.get(f"{PAGE}?regio={world.rotterdam}").status_code == 404
    assert utrecht.get(f"{PAGE}.csv?regio={world.rotterdam}").status_code == 404
    assert "Landelijk" not in utrecht.get(PAGE).get_data(as_text=True)


def test_an_admin_sees_the_national_report_and_may_choose_a_region(app, database, world):
    admin = signed_in(app.test_client(), staff(database, "admin", "a@example.org", []))
    national = admin.get(f"{PAGE}?{PERIOD}").get_data(as_text=True)
    assert "landelijk, van 01-01-2025" in national
    assert '<td>Aanvragen ontvangen</td><td class="number">8</td>' in national
    region = admin.get(f"{PAGE}?regio={world.rotterdam}&{PERIOD}").get_data(as_text=True)
    assert '<td>Aanvragen ontvangen</td><td class="number">&lt; 5</td>' in region
    csv = admin.get(f"{PAGE}.csv?{PERIOD}")
    assert "koppel-rapportage-landelijk-20250101-20250228.csv" in csv.headers[
        "Content-Disposition"]


@pytest.mark.parametrize(("query", "message"), [
    ("van=2025-03-01&tot=2025-02-01", "Van: De periode eindigt vóór hij begint"),
    ("van=31-13-2025", "Van: vul een datum in als jjjj-mm-dd"),
    ("tot=gisteren", "Tot: vul een datum in als jjjj-mm-dd"),
    ("van=0001-01-01", "Van: Kies een datum tussen 2000 en 2100."),
    ("van=2000-01-01&tot=2025-01-01", "Tot: Een periode duurt hoogstens 3 jaar."),
])
def test_a_bad_date_or_period_is_refused_naming_the_field(utrecht, world, query, message):
    response = utrecht.get(f"{PAGE}?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    csv = utrecht.get(f"{PAGE}.csv?{query}")
    assert csv.status_code == 400 and csv.mimetype == "text/plain"
