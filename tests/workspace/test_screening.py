"""Screening use cases against the real database: every state change, its audit row and mail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, OutboxMail, VolunteerProfile
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock
from matcher.volunteers.screening import (
    ScreeningRefused,
    VolunteerNotFound,
    approve_volunteer,
    pause_volunteer,
    record_intake,
    record_vog,
    reject_volunteer,
    request_vog,
)
from matcher.volunteers.screening_queue import vog_expiring, waiting_list
from matcher.volunteers.vog_reminders import warn_expiring_vogs
from tests.workspace.conftest import (
    add_approved_volunteer,
    add_volunteer,
    audit_actions,
    outbox_to,
)

POLICY = ScreeningPolicy()
BASE = "https://koppel.example"


def profile(database, profile_id: int) -> VolunteerProfile:
    with database.unit_of_work() as session:
        row = session.get(VolunteerProfile, profile_id)
        session.expunge(row)
        return row


def test_the_queue_lists_confirmed_volunteers_of_the_region_longest_waiting_first(database, place):
    late = add_volunteer(database, place.utrecht, "late@example.org")
    early = add_volunteer(
        database, place.utrecht, "early@example.org", confirmed=datetime(2025, 1, 2, tzinfo=UTC)
    )
    add_volunteer(database, place.utrecht, "unconfirmed@example.org", confirmed=None)
    add_volunteer(database, place.utrecht, "done@example.org", state="approved")
    add_volunteer(database, place.rotterdam, "elsewhere@example.org")
    with database.unit_of_work() as session:
        queue = waiting_list(session, place.coordinator)
    assert [(e.profile_id, e.waiting_days) for e in queue] == [(early, 60), (late, 30)]


def test_a_full_screening_approves_the_volunteer_audits_each_step_and_mails_them(database, place):
    pid = add_volunteer(database, place.utrecht, "anna@example.org")
    actor = place.coordinator
    with database.unit_of_work() as session:
        record_intake(session, actor, pid, held_on=date(2025, 3, 1), notes="Fijn gesprek.")
        session.commit()
    with database.unit_of_work() as session:
        request_vog(session, actor, pid, requested_on=date(2025, 3, 1))
        session.commit()
    assert profile(database, pid).screening_state == "vog_requested"
    with database.unit_of_work() as session:
        record_vog(session, actor, pid, issued_on=date(2025, 3, 2), policy=POLICY)
        session.commit()
    assert outbox_to(database, "anna@example.org") == []
    with database.unit_of_work() as session:
        approve_volunteer(session, actor, pid, policy=POLICY, base_url=BASE)
        session.commit()
    done = profile(database, pid)
    assert (done.screening_state, done.intake_on, done.vog_issued_on) == (
        "approved",
        date(2025, 3, 1),
        date(2025, 3, 2),
    )
    assert done.screening_changed_at == clock.now()
    assert audit_actions(database, "volunteer_profile", pid) == [
        ("volunteer.intake_recorded", actor.user_id),
        ("volunteer.vog_requested", actor.user_id),
        ("volunteer.vog_recorded", actor.user_id),
        ("volunteer.approved", actor.user_id),
    ]
    [mail] = outbox_to(database, "anna@example.org")
    assert "goedgekeurd" in mail.subject and "approved" in mail.subject
    assert f"{BASE}/inloggen" in mail.body_text


def test_approval_needs_an_intake_and_a_valid_vog(database, place):
    no_intake = add_volunteer(
        database, place.utrecht, "a@example.org", vog_issued_on=date(2025, 1, 1)
    )
    no_vog = add_volunteer(database, place.utrecht, "b@example.org", intake_on=date(2025, 1, 1))
    old_vog = add_volunteer(
        database, place.utrecht, "c@example.org",
        intake_on=date(2025, 1, 1), vog_issued_on=date(2022, 3, 3),
    )  # fmt: skip
    for pid, field in (
        (no_intake, "intake_on"),
        (no_vog, "vog_issued_on"),
        (old_vog, "vog_issued_on"),
    ):
        with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match=field):
            approve_volunteer(session, place.coordinator, pid, policy=POLICY, base_url=BASE)
        assert profile(database, pid).screening_state == "new"
    assert outbox_to(database, "c@example.org") == []


def test_a_vog_older_than_the_configured_validity_is_refused_when_recorded(database, place):
    pid = add_volunteer(database, place.utrecht, "a@example.org")
    with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match="3 years"):
        record_vog(session, place.coordinator, pid, issued_on=date(2022, 3, 3), policy=POLICY)
    with database.unit_of_work() as session:
        record_vog(session, place.coordinator, pid, issued_on=date(2022, 3, 4), policy=POLICY)
        session.commit()
    two_years = ScreeningPolicy(vog_validity_years=2)
    with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match="2 years"):
        record_vog(session, place.coordinator, pid, issued_on=date(2023, 3, 3), policy=two_years)


def test_dates_in_the_future_are_refused(database, place):
    pid = add_volunteer(database, place.utrecht, "a@example.org")
    with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match="intake_on"):
        record_intake(session, place.coordinator, pid, held_on=date(2025, 3, 4), notes="")


def test_pausing_needs_a_reason_and_sends_no_mail(database, place):
    pid = add_volunteer(database, place.utrecht, "p@example.org", state="approved")
    with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match="reason"):
        pause_volunteer(session, place.coordinator, pid, reason="   ")
    with database.unit_of_work() as session:
        pause_volunteer(session, place.coordinator, pid, reason="Op vakantie tot mei")
        session.commit()
    paused = profile(database, pid)
    assert (paused.screening_state, paused.screening_reason) == ("paused", "Op vakantie tot mei")
    assert audit_actions(database, "volunteer_profile", pid) == [
        ("volunteer.paused", place.coordinator.user_id)
    ]
    assert outbox_to(database, "p@example.org") == []


def test_rejection_keeps_the_reason_internal_and_mails_the_volunteer_without_it(database, place):
    pid = add_volunteer(database, place.utrecht, "r@example.org", state="vog_requested")
    with database.unit_of_work() as session:
        reject_volunteer(session, place.coordinator, pid, reason="Geen VOG-aanvraag gedaan")
        session.commit()
    rejected = profile(database, pid)
    assert (rejected.screening_state, rejected.screening_reason) == (
        "rejected",
        "Geen VOG-aanvraag gedaan",
    )
    [mail] = outbox_to(database, "r@example.org")
    assert "Geen VOG-aanvraag" not in mail.body_text
    assert audit_actions(database, "volunteer_profile", pid) == [
        ("volunteer.rejected", place.coordinator.user_id)
    ]
    with database.unit_of_work() as session, pytest.raises(ScreeningRefused, match="rejected"):
        approve_volunteer(session, place.coordinator, pid, policy=POLICY, base_url=BASE)


def test_a_paused_volunteer_can_be_approved_again(database, place):
    pid = add_volunteer(
        database, place.utrecht, "p@example.org", state="paused",
        intake_on=date(2025, 1, 1), vog_issued_on=date(2025, 1, 1),
    )  # fmt: skip
    with database.unit_of_work() as session:
        approve_volunteer(session, place.coordinator, pid, policy=POLICY, base_url=BASE)
        session.commit()
    assert profile(database, pid).screening_state == "approved"


def test_a_coordinator_cannot_screen_another_regions_volunteer(database, place):
    pid = add_volunteer(database, place.rotterdam, "r@example.org", state="approved")
    with database.unit_of_work() as session, pytest.raises(VolunteerNotFound):
        pause_volunteer(session, place.coordinator, pid, reason="x")
    with database.unit_of_work() as session:
        pause_volunteer(session, place.admin, pid, reason="x")
        session.commit()
    assert profile(database, pid).screening_state == "paused"


def test_only_approved_volunteers_with_a_vog_within_three_years_enter_matching(database, place):
    valid = add_approved_volunteer(database, place.utrecht, "valid@example.org", date(2022, 3, 4))
    add_approved_volunteer(database, place.utrecht, "expired@example.org", date(2022, 3, 3))
    add_approved_volunteer(database, place.utrecht, "future@example.org", date(2025, 3, 4))
    add_volunteer(
        database, place.utrecht, "p@example.org", state="paused", vog_issued_on=date(2025, 1, 1)
    )
    with database.unit_of_work() as session:
        found = set(
            session.scalars(
                select(VolunteerProfile.id).where(eligible_for_matching(POLICY, date(2025, 3, 3)))
            )
        )
    assert found == {valid}


def test_vogs_ending_within_sixty_days_are_shown_soonest_first(database, place):
    soon = add_approved_volunteer(database, place.utrecht, "soon@example.org", date(2022, 3, 20))
    gone = add_approved_volunteer(database, place.utrecht, "gone@example.org", date(2022, 3, 1))
    # Ends in 61 days.
    add_approved_volunteer(database, place.utrecht, "later@example.org", date(2022, 5, 3))
    with database.unit_of_work() as session:
        rows = vog_expiring(session, place.coordinator, POLICY)
    assert [(r.profile_id, r.last_valid_day, r.days_left) for r in rows] == [
        (gone, date(2025, 2, 28), -2),
        (soon, date(2025, 3, 19), 17),
    ]


def test_the_vog_reminder_job_mails_each_expiring_vog_once(database, place):
    pid = add_approved_volunteer(database, place.utrecht, "soon@example.org", date(2022, 3, 20))
    assert database.run_in_transaction(lambda session: warn_expiring_vogs(session, POLICY)) == 1
    assert database.run_in_transaction(lambda session: warn_expiring_vogs(session, POLICY)) == 0
    [mail] = outbox_to(database, "soon@example.org")
    assert "19 maart 2025" in mail.body_text and "19 March 2025" in mail.body_text
    with clock.frozen_at(clock.now() + timedelta(days=1)), database.unit_of_work() as session:
        record_vog(session, place.coordinator, pid, issued_on=date(2025, 3, 4), policy=POLICY)
        session.commit()
    assert profile(database, pid).vog_expiry_warned_for == date(2022, 3, 20)


def test_a_volunteer_cannot_screen_anyone_not_even_themselves(database, place):
    pid = add_volunteer(database, place.utrecht, "v@example.org", state="vog_requested")
    with database.unit_of_work() as session:
        own_user_id = session.get(VolunteerProfile, pid).user_id
    volunteer = Actor(own_user_id, Role.VOLUNTEER)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(
            lambda session: reject_volunteer(session, volunteer, pid, reason="zelf")
        )
    password_only = Actor(place.coordinator.user_id, Role.COORDINATOR,
                          region_ids=place.coordinator.region_ids)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(
            lambda session: pause_volunteer(session, password_only, pid, reason="x")
        )
    assert profile(database, pid).screening_state == "vog_requested"


def test_a_refused_step_leaves_nothing_written_though_the_caller_commits(database, place):
    pid = add_volunteer(database, place.utrecht, "a@example.org", state="approved")
    elsewhere = add_volunteer(database, place.rotterdam, "r@example.org", state="approved")
    with pytest.raises(ScreeningRefused):
        database.run_in_transaction(
            lambda session: approve_volunteer(
                session, place.coordinator, pid, policy=POLICY, base_url=BASE
            )
        )
    with pytest.raises(VolunteerNotFound):
        database.run_in_transaction(
            lambda session: reject_volunteer(session, place.coordinator, elsewhere, reason="x")
        )
    with database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry)).all() == []
        assert session.scalars(select(OutboxMail)).all() == []
    assert profile(database, elsewhere).screening_state == "approved"


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.SCHOOL])
def test_only_screening_staff_read_the_queue_and_the_expiring_vogs(database, role):
    outsider = Actor(1, role)
    with database.unit_of_work() as session:
        with pytest.raises(NotPermitted):
            waiting_list(session, outsider)
        with pytest.raises(NotPermitted):
            vog_expiring(session, outsider, POLICY)
