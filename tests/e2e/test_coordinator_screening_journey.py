"""Browser journey: a coordinator screens and approves a volunteer, then reads the dashboard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from matcher.accounts import users
from matcher.db.models import Region, User, VolunteerProfile
from matcher.shared import clock
from tests.e2e.browser_helpers import (
    CONFIRMED,
    PASSWORD,
    account,
    assert_accessible,
    check_page,
    screenshot,
    sign_in,
)


def _coordinator_and_volunteer(database) -> tuple[str, int]:
    with database.unit_of_work() as session:
        region = session.scalars(select(Region)).one()
        secret = users.new_totp_secret()
        session.add(
            account(
                "coordinator@example.org",
                "coordinator",
                "Carla Coördinator",
                totp_secret=secret,
                regions=[region],
            )
        )
        profile = VolunteerProfile(
            user=User(
                email="vera@example.org",
                role="volunteer",
                display_name="Vera de Vries",
                email_confirmed_at=CONFIRMED,
            ),
            region=region,
            subjects=["wiskunde", "engels"],
            levels=["havo"],
            languages=["nl"],
            availability=[{"day": "mon", "start": 900, "end": 1020}],
            motivation="Ik help graag met wiskunde.",
        )
        session.add(profile)
        session.commit()
        return secret, profile.id


def test_a_coordinator_screens_a_volunteer_and_sees_the_dashboard(page, live_app, database):
    base = live_app.config["LIVE_URL"]
    secret, profile_id = _coordinator_and_volunteer(database)
    sign_in(page, base, "coordinator@example.org", PASSWORD, totp_secret=secret)

    page.goto(f"{base}/coordinator/screening")
    check_page(page, "workspace-screening-queue")
    page.get_by_role("link", name="Vera de Vries").click()
    assert_accessible(page)
    today = clock.now().date()
    page.fill("#intake-held_on", today.isoformat())
    page.fill("#intake-notes", "Enthousiast, ervaring als bijlesdocent.")
    page.get_by_role("button", name="Intake vastleggen").click()
    page.fill("#vog_request-requested_on", today.isoformat())
    page.get_by_role("button", name="Aanvraag vastleggen").click()
    page.fill("#vog_issued-issued_on", date(today.year, 1, 2).isoformat())
    page.get_by_role("button", name="VOG vastleggen").click()
    screenshot(page, "workspace-volunteer-screening")
    page.get_by_role("button", name="Goedkeuren").click()
    assert "goedgekeurd en krijgt een e-mail" in page.content()
    with database.unit_of_work() as session:
        assert session.get(VolunteerProfile, profile_id).screening_state == "approved"

    page.goto(f"{base}/coordinator/overzicht")
    check_page(page, "workspace-dashboard")
    # The one approved volunteer gets a chart; no pupils or matches yet: empty states.
    assert page.locator("svg.chart").count() == 1
    assert page.get_by_text("Er wachten nog geen leerlingen.").is_visible()
    assert page.get_by_text("Nog geen koppelingen in deze regio.").is_visible()
