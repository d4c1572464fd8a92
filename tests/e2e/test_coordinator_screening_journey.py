"""Browser journey: a coordinator screens and approves a volunteer, then reads the dashboard."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import Region, User, VolunteerProfile
from matcher.shared import clock
from tests.e2e.browser_helpers import assert_accessible, screenshot, sign_in

PASSWORD = "een lange zin als wachtwoord"


def _coordinator_and_volunteer(database) -> tuple[str, int]:
    with database.unit_of_work() as session:
        region = session.scalars(select(Region)).one()
        secret = users.new_totp_secret()
        confirmed = datetime(2025, 1, 10, tzinfo=UTC)
        session.add(
            User(
                email="coordinator@example.org",
                role="coordinator",
                display_name="Carla Coördinator",
                password_hash=hash_password(PASSWORD),
                email_confirmed_at=confirmed,
                totp_secret=secret,
                regions=[region],
            )
        )
        profile = VolunteerProfile(
            user=User(
                email="vera@example.org",
                role="volunteer",
                display_name="Vera de Vries",
                email_confirmed_at=confirmed,
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
    assert_accessible(page)
    screenshot(page, "workspace-screening-queue")
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
    assert_accessible(page)
    screenshot(page, "workspace-dashboard")
    # The one approved volunteer gets a chart; no pupils or matches yet: empty states.
    assert page.locator("svg.chart").count() == 1
    assert page.get_by_text("Er wachten nog geen leerlingen.").is_visible()
    assert page.get_by_text("Nog geen koppelingen in deze regio.").is_visible()
