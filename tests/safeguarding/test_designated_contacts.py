"""The school's designated contact: invited by the coordinator, shown where it is missing,
and the worker's escalation job."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from matcher.db.models import ConcernNotice, School, User
from matcher.shared import clock
from tests.safeguarding.test_concerns import raised
from tests.safeguarding.web import client_for
from tests.web.web_helpers import submit
from webapp.worker import JOBS, run_once


def test_a_coordinator_invites_a_designated_contact_for_a_school_of_their_region(
    app, database, sides
):
    utrecht, _ = sides
    coordinator = client_for(app, database, utrecht.coordinator)
    page = f"/coordinator/scholen/{utrecht.school}/uitnodigen"
    response = submit(coordinator, page, {"display_name": "Mevrouw Aandacht",
                                          "email": "aandacht-nieuw@example.org",
                                          "role": "aandacht"})
    assert response.status_code == 302
    with database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.email == "aandacht-nieuw@example.org"))
        assert user.role == "designated_contact"
        assert [school.id for school in user.schools] == [utrecht.school]


def test_schools_without_a_designated_contact_get_a_notice_for_school_and_coordinator(
    app, database, sides
):
    utrecht, _ = sides
    coordinator = client_for(app, database, utrecht.coordinator)
    school = client_for(app, database, utrecht.school_contact, second_factor=False)
    assert "zonder aandachtsfunctionaris" not in coordinator.get(
        "/coordinator/scholen").get_data(as_text=True)
    requests_page = f"/school/{utrecht.school}/aanvragen"
    assert "nog geen aandachtsfunctionaris" not in school.get(requests_page).get_data(
        as_text=True)
    with database.unit_of_work() as session:
        session.get(User, utrecht.designated).active = False
        session.commit()
    assert "1 school(s) zonder aandachtsfunctionaris" in coordinator.get(
        "/coordinator/scholen").get_data(as_text=True)
    assert "nog geen aandachtsfunctionaris" in school.get(requests_page).get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(School, utrecht.school) is not None


def test_the_worker_escalates_an_unacknowledged_concern_a_day_later(
    app, database, sides
):
    utrecht, _ = sides
    raised(database, utrecht)
    (job,) = [job for job in JOBS if job.name == "escalate_concerns"]
    clock.advance(timedelta(hours=24))
    assert run_once(app, (job,)) == {"escalate_concerns": 1}
    with database.unit_of_work() as session:
        told = set(session.scalars(
            select(ConcernNotice.user_id).where(ConcernNotice.reason == "escalated")
        ))
    assert told == {utrecht.coordinator, utrecht.second_coordinator}
