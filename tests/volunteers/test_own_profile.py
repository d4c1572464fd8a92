"""What a confirmed volunteer can change themselves: availability, pause, resume, withdraw."""

import pytest
from sqlalchemy import select
from volunteer_helpers import BASE_URL, sign_up

from fixtures.sign_up_form import CHOSEN_PASSWORD
from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, OutboxMail, VolunteerProfile
from matcher.shared.errors import BadInput
from matcher.volunteers import own_profile, sign_up_confirmation
from matcher.volunteers.sign_up import sign_up_volunteer


@pytest.fixture
def volunteer(database, utrecht) -> Actor:
    """The confirmed volunteer, signed in."""
    database.run_in_transaction(
        lambda session: sign_up_volunteer(session, sign_up(), base_url=BASE_URL)
    )
    with database.unit_of_work() as session:
        body = session.scalars(select(OutboxMail.body_text)).one()
    raw = body.split(f"{BASE_URL}/bevestigen/")[1].split()[0]
    user_id = database.run_in_transaction(
        lambda session: sign_up_confirmation.confirm_email(session, raw, CHOSEN_PASSWORD)
    )
    return Actor(user_id, Role.VOLUNTEER)


def state(database) -> str:
    with database.unit_of_work() as session:
        return session.scalars(select(VolunteerProfile.screening_state)).one()


def test_availability_is_replaced_sorted_and_without_duplicates(database, volunteer):
    slots = [
        {"day": "thu", "start": 600, "end": 660},
        {"day": "mon", "start": 900, "end": 960},
        {"day": "thu", "start": 600, "end": 660},
    ]
    with database.unit_of_work() as session:
        own_profile.update_availability(session, volunteer, slots)
        session.commit()
    with database.unit_of_work() as session:
        stored = session.scalars(select(VolunteerProfile.availability)).one()
    assert stored == [slots[1], slots[0]]


def test_availability_cannot_be_emptied(database, volunteer):
    with database.unit_of_work() as session, pytest.raises(BadInput, match="availability"):
        own_profile.update_availability(session, volunteer, [])


def test_a_volunteer_can_pause_and_resume_back_to_where_screening_stood(database, volunteer):
    with database.unit_of_work() as session:
        own_profile.pause(session, volunteer)
        session.commit()
    assert state(database) == "paused"
    with database.unit_of_work() as session:
        assert own_profile.may_resume(session, volunteer)
        own_profile.resume(session, volunteer)
        session.commit()
    assert state(database) == "awaiting_intake"


def test_a_volunteer_cannot_lift_a_pause_they_did_not_choose(database, volunteer):
    with database.unit_of_work() as session:
        session.scalars(select(VolunteerProfile)).one().screening_state = "paused"
        session.commit()
    with database.unit_of_work() as session:
        assert not own_profile.may_resume(session, volunteer)
        with pytest.raises(own_profile.NotAllowed):
            own_profile.resume(session, volunteer)


def test_withdrawing_is_final_for_self_service(database, volunteer):
    with database.unit_of_work() as session:
        own_profile.withdraw(session, volunteer)
        session.commit()
    assert state(database) == "withdrawn"
    with database.unit_of_work() as session, pytest.raises(own_profile.NotAllowed):
        own_profile.pause(session, volunteer)


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.COORDINATOR, Role.ADMIN])
@pytest.mark.parametrize(
    "use_case",
    [
        lambda session, actor: own_profile.pause(session, actor),
        lambda session, actor: own_profile.withdraw(session, actor),
        lambda session, actor: own_profile.export_data(session, actor),
    ],
    ids=["pause", "withdraw", "export_data"],
)
def test_only_a_volunteer_acts_on_their_own_profile(database, volunteer, role, use_case):
    # Even with the volunteer's own user id, another role is no volunteer.
    other = Actor(volunteer.user_id, role, second_factor_passed=True)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: use_case(session, other))
    assert state(database) == "awaiting_intake"


def test_a_refused_change_leaves_nothing_written_though_the_caller_commits(database, volunteer):
    database.run_in_transaction(lambda session: own_profile.withdraw(session, volunteer))
    with database.unit_of_work() as session:
        entries_before = session.scalars(select(AuditEntry.id)).all()
    with pytest.raises(own_profile.NotAllowed):
        database.run_in_transaction(
            lambda session: own_profile.update_availability(
                session, volunteer, [{"day": "fri", "start": 600, "end": 660}]
            )
        )
    with database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry.id)).all() == entries_before
        assert session.scalars(select(VolunteerProfile.availability)).one() == [
            {"day": "tue", "start": 900, "end": 1020}
        ]
