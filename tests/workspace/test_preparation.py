"""Volunteer preparation: the volunteer accepts the code of conduct, the coordinator records
the training, and until both are done matching leaves the volunteer out and says why."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, Role
from matcher.db.models import AuditEntry, User, VolunteerProfile
from matcher.matching.eligibility import eligible_for_matching, volunteer_problems
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import conduct
from matcher.volunteers.preparation import (
    accept_code_of_conduct,
    preparation_of,
    record_training,
)
from matcher.volunteers.screening import ScreeningRefused, VolunteerNotFound
from tests.web.web_helpers import csrf_token
from tests.workspace.conftest import NOW, add_volunteer, sign_in_fully

POLICY = ScreeningPolicy()
TODAY = NOW.date()


def unprepared(database, place, email="anna@example.org", **fields) -> int:
    """An approved volunteer with a valid VOG who has done neither preparation step."""
    steps_not_done = {"conduct_version": None, "conduct_accepted_at": None,
                      "training_completed_on": None}
    return add_volunteer(database, place.utrecht, email, state="approved", intake_on=TODAY,
                         vog_issued_on=date(2025, 1, 1), **{**steps_not_done, **fields})


def stored(database, profile_id: int) -> VolunteerProfile:
    with database.unit_of_work() as session:
        profile = session.get(VolunteerProfile, profile_id)
        session.expunge(profile)
        return profile


def eligible(database, profile_id: int) -> bool:
    with database.unit_of_work() as session:
        return profile_id in session.scalars(
            select(VolunteerProfile.id).where(eligible_for_matching(POLICY, TODAY))).all()


def test_matching_takes_a_volunteer_only_after_both_steps(database, place):
    pid = unprepared(database, place)
    with database.unit_of_work() as session:
        user_id = session.get(VolunteerProfile, pid).user_id
    volunteer = Actor(user_id, Role.VOLUNTEER)
    assert not eligible(database, pid)

    database.run_in_transaction(lambda s: accept_code_of_conduct(s, volunteer))
    assert preparation_of(stored(database, pid)).conduct_current
    assert not eligible(database, pid)
    with database.unit_of_work() as session:
        assert volunteer_problems(session, pid, POLICY, TODAY) == ("volunteer_not_prepared",)

    database.run_in_transaction(
        lambda s: record_training(s, place.coordinator, pid, completed_on=TODAY))
    assert preparation_of(stored(database, pid)).complete
    assert eligible(database, pid)
    with database.unit_of_work() as session:
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "volunteer_profile", AuditEntry.entity_id == pid)).all()
    assert actions == ["volunteer.conduct_accepted", "volunteer.training_recorded"]


def test_a_new_version_of_the_code_asks_every_volunteer_to_accept_again(database, place):
    pid = unprepared(database, place, conduct_version="2020-04", training_completed_on=TODAY)
    assert not preparation_of(stored(database, pid)).conduct_current
    assert not eligible(database, pid)


def test_accepting_twice_keeps_the_first_moment_and_audits_once(database, place):
    pid = unprepared(database, place)
    with database.unit_of_work() as session:
        volunteer = Actor(session.get(VolunteerProfile, pid).user_id, Role.VOLUNTEER)
    database.run_in_transaction(lambda s: accept_code_of_conduct(s, volunteer))
    first = stored(database, pid).conduct_accepted_at
    database.run_in_transaction(lambda s: accept_code_of_conduct(s, volunteer))
    assert stored(database, pid).conduct_accepted_at == first
    assert stored(database, pid).conduct_version == conduct.CURRENT_VERSION


@pytest.mark.parametrize(("completed_on", "code"), [
    (None, "date_missing"), (date(2025, 3, 4), "future_date"),
])  # fmt: skip
def test_a_training_date_that_is_missing_or_in_the_future_is_refused(
    database, place, completed_on, code
):
    pid = unprepared(database, place)
    with pytest.raises(ScreeningRefused) as refused:
        database.run_in_transaction(
            lambda s: record_training(s, place.coordinator, pid, completed_on=completed_on))
    assert (refused.value.field, refused.value.code) == ("training_completed_on", code)
    assert stored(database, pid).training_completed_on is None


def test_another_regions_coordinator_cannot_record_the_training(database, place):
    pid = unprepared(database, place)
    with pytest.raises(VolunteerNotFound):
        database.run_in_transaction(
            lambda s: record_training(s, place.other_coordinator, pid, completed_on=TODAY))


def test_the_volunteer_reads_and_accepts_the_code_on_its_page(client, database, people, place):
    with database.unit_of_work() as session:
        user_id = session.scalar(select(User.id).where(User.email == people.volunteer.email))
    pid = unprepared(database, place, email="other@example.org")
    with database.unit_of_work() as session:
        session.get(VolunteerProfile, pid).user_id = user_id
        session.commit()
    sign_in_fully(client, people.volunteer)
    home = client.get("/vrijwilliger").get_data(as_text=True)
    assert "Lees en aanvaard de gedragscode" in home
    page = client.get("/vrijwilliger/gedragscode").get_data(as_text=True)
    assert "Ik heb de gedragscode gelezen" in page
    assert client.post("/vrijwilliger/gedragscode").status_code == 400  # no CSRF token
    assert stored(database, pid).conduct_version is None
    response = client.post("/vrijwilliger/gedragscode",
                           data={"csrf_token": csrf_token(client, "/vrijwilliger/gedragscode")})
    assert response.status_code == 302
    assert stored(database, pid).conduct_version == conduct.CURRENT_VERSION
    assert "U hebt deze gedragscode aanvaard op" in client.get(
        "/vrijwilliger/gedragscode").get_data(as_text=True)
    worried = client.get("/vrijwilliger/bij-zorgen").get_data(as_text=True)
    assert "0800-2000" in worried and "112" in worried


def test_the_coordinator_sees_why_an_approved_volunteer_is_left_out_and_records_the_training(
    client, database, people, place
):
    pid = unprepared(database, place)
    sign_in_fully(client, people.coordinator)
    page = f"/coordinator/vrijwilligers/{pid}"
    html = client.get(page).get_data(as_text=True)
    assert "Doet nu niet mee aan koppelrondes" in html
    assert "De vrijwilliger is nog niet voorbereid" in html
    token = _prefixed_token(client, page, "training")
    refused = client.post(f"{page}/training",
                          data={"training-completed_on": "2025-03-04", **token})
    assert "Deze datum ligt in de toekomst." in refused.get_data(as_text=True)
    assert stored(database, pid).training_completed_on is None
    response = client.post(f"{page}/training",
                           data={"training-completed_on": "2025-03-01", **token})
    assert response.status_code == 302
    assert stored(database, pid).training_completed_on == date(2025, 3, 1)


def _prefixed_token(client, page: str, prefix: str) -> dict[str, str]:
    html = client.get(page).get_data(as_text=True)
    value = re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return {f"{prefix}-csrf_token": value}
