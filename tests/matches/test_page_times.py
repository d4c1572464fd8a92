"""Times on the runs, proposals and pupil pages are Amsterdam time, written dd-mm-jjjj HH:mm."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from matcher.db.models import Match, Pupil, VolunteerProfile
from matcher.shared import clock
from tests.matches.web_world import coordinator_of, signed_in, start_run

# 22:30 UTC on 1 July is half past midnight on 2 July in Amsterdam (summer time, UTC+2).
SUMMER_NIGHT = datetime(2025, 7, 1, 22, 30, tzinfo=UTC)
# 10:00 UTC on 3 March is 11:00 in Amsterdam (winter time, UTC+1).
WINTER_MORNING = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def test_a_run_started_late_at_night_shows_the_amsterdam_date_and_time(app, database, places):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    with clock.frozen_at(SUMMER_NIGHT):
        run_url = start_run(client, places["utrecht"]).headers["Location"]
        runs = client.get("/coordinator/koppelrondes").get_data(as_text=True)
        proposals = client.get(run_url).get_data(as_text=True)
    assert "02-07-2025 00:30" in runs and "01-07-2025" not in runs
    assert "02-07-2025 00:30" in proposals and "22:30" not in proposals


def test_the_pupils_file_shows_when_a_match_started_and_ended_in_amsterdam_time(
    app, database, places
):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    with database.unit_of_work() as session:
        pupil = session.scalars(select(Pupil).order_by(Pupil.id)).first()
        volunteer = session.scalar(
            select(VolunteerProfile)
            .where(VolunteerProfile.region_id == places["utrecht"])
            .order_by(VolunteerProfile.id)
        )
        pupil.state = "waiting"
        session.add(
            Match(
                volunteer_id=volunteer.id,
                pupil_id=pupil.id,
                state="ended",
                mode="online",
                started_at=WINTER_MORNING,
                ended_at=SUMMER_NIGHT,
                end_reason_code="no_click",
            )
        )
        session.commit()
        pupil_id = pupil.id
    page = client.get(f"/coordinator/leerlingen/{pupil_id}").get_data(as_text=True)
    assert "03-03-2025 11:00" in page and "02-07-2025 00:30" in page
    assert "10:00" not in page and "22:30" not in page
