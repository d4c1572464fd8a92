"""Second-factor use cases on the real database: codes that work once, recovery codes, resets."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from web_helpers import PASSWORD

from matcher.accounts import recovery_codes, second_factor, users
from matcher.accounts.permissions import Actor, Decision, NotPermitted, Role
from matcher.db.models import AuditEntry, RecoveryCode, User
from matcher.deletion import retention
from matcher.shared import clock

pytestmark = pytest.mark.usefixtures("frozen_clock")


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def signing_in(person, role: Role = Role.COORDINATOR) -> Actor:
    """``person`` between their password and their second factor (the sign-in steps' actor)."""
    return Actor(user_id=person.user_id, role=role)


def signed_in(person, role: Role = Role.COORDINATOR) -> Actor:
    """``person`` signed in with both steps."""
    return Actor(user_id=person.user_id, role=role, second_factor_passed=True)


def enrol_new(database, person, role: Role = Role.COORDINATOR) -> list[str]:
    secret = users.new_totp_secret()
    codes = database.run_in_transaction(
        lambda session: second_factor.enrol(
            session, signing_in(person, role), secret, code_at(secret, clock.now())
        )
    )
    assert codes is not None
    return codes


def verify(database, person, code: str) -> bool:
    """Enter ``code`` as ``person``'s second step, in a transaction of its own."""
    return database.run_in_transaction(
        lambda session: second_factor.verify_totp(session, signing_in(person), code)
    )


def audit_rows(database, action: str) -> list[tuple]:
    """(entity id, actor id, details) of each audit entry for ``action``, oldest first."""
    with database.unit_of_work() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [(e.entity_id, e.actor_user_id, e.details) for e in entries]


def admin_actor(person) -> Actor:
    return Actor(user_id=person.user_id, role=Role.ADMIN, second_factor_passed=True)


def test_a_totp_code_is_accepted_once_and_refused_when_replayed(database, make_user):
    person = make_user("coordinator")
    code = users.current_totp_code(person.totp_secret)
    assert verify(database, person, code)
    assert not verify(database, person, code)


def test_after_a_code_is_used_the_previous_steps_code_is_refused_but_the_next_works(
    database, make_user
):
    person = make_user("coordinator")
    earlier = code_at(person.totp_secret, clock.now() - timedelta(seconds=30))
    assert verify(database, person, users.current_totp_code(person.totp_secret))
    # Within the drift window, but older than the code just used.
    assert not verify(database, person, earlier)
    clock.advance(timedelta(seconds=30))
    assert verify(database, person, users.current_totp_code(person.totp_secret))


def test_a_code_one_step_old_is_still_accepted_for_a_drifting_phone(database, make_user):
    person = make_user("coordinator")
    drifted = code_at(person.totp_secret, clock.now() - timedelta(seconds=30))
    two_steps_old = code_at(person.totp_secret, clock.now() - timedelta(seconds=60))
    assert not verify(database, person, two_steps_old)
    assert verify(database, person, drifted)


def test_enrolment_gives_ten_distinct_codes_and_stores_only_their_hashes(database, make_user):
    person = make_user("coordinator", totp=False)
    codes = enrol_new(database, person)
    assert len(set(codes)) == recovery_codes.COUNT == 10
    with database.unit_of_work() as session:
        stored = session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == person.user_id)
        ).all()
    assert len(stored) == 10
    plain = {recovery_codes.normalise(code) for code in codes}
    assert not plain & set(stored)
    assert not any(p in h for p in plain for h in stored)
    assert audit_rows(database, "second_factor.enrolled") == [(person.user_id, person.user_id, {})]


def test_the_enrolment_code_cannot_be_replayed_to_sign_in(database, make_user):
    person = make_user("coordinator", totp=False)
    secret = users.new_totp_secret()
    code = code_at(secret, clock.now())
    with database.unit_of_work() as session:
        assert second_factor.enrol(session, signing_in(person), secret, code) is not None
        session.commit()
    assert not verify(database, person, code)


def test_enrolment_with_a_wrong_code_or_over_an_existing_secret_changes_nothing(
    database, make_user
):
    person = make_user("coordinator")
    other_secret = users.new_totp_secret()
    actor = signing_in(person)
    with database.unit_of_work() as session:
        assert second_factor.enrol(session, actor, other_secret, "000000") is None
        assert (
            second_factor.enrol(session, actor, other_secret, code_at(other_secret, clock.now()))
            is None
        )
        session.commit()
    with database.unit_of_work() as session:
        assert session.get(User, person.user_id).totp_secret == person.totp_secret
        assert recovery_codes.remaining(session, person.user_id) == 0


def test_a_recovery_code_works_once_however_it_is_typed(database, make_user):
    person = make_user("coordinator", totp=False)
    first, second, *_rest = enrol_new(database, person)

    def use(typed: str) -> int | None:
        return database.run_in_transaction(
            lambda session: second_factor.use_recovery_code(session, signing_in(person), typed)
        )

    assert use(f"  {first.upper()} ") == 9
    assert use(first) is None
    assert use(first.replace("-", "")) is None
    assert use(second.replace("-", " ")) == 8
    assert audit_rows(database, "second_factor.recovery_code_used") == [
        (person.user_id, person.user_id, {"codes_left": 9}),
        (person.user_id, person.user_id, {"codes_left": 8}),
    ]


def test_one_users_recovery_code_does_not_open_another_account(database, make_user):
    owner = make_user("coordinator", totp=False)
    other = make_user("admin", totp=False)
    [code, *_rest] = enrol_new(database, owner)
    enrol_new(database, other, Role.ADMIN)
    with database.unit_of_work() as session:
        assert second_factor.use_recovery_code(session, signing_in(other, Role.ADMIN), code) is None
        assert second_factor.use_recovery_code(session, signing_in(owner), code) == 9


def test_new_recovery_codes_need_the_password_and_replace_the_old_set(database, make_user):
    person = make_user("coordinator", totp=False)
    old = enrol_new(database, person)
    with database.unit_of_work() as session:
        assert second_factor.regenerate_recovery_codes(session, signed_in(person), "fout") is None
        assert second_factor.use_recovery_code(session, signing_in(person), old[0]) == 9
        session.commit()
    with database.unit_of_work() as session:
        new = second_factor.regenerate_recovery_codes(session, signed_in(person), PASSWORD)
        session.commit()
    assert new is not None and len(new) == 10 and not set(new) & set(old)
    with database.unit_of_work() as session:
        assert second_factor.use_recovery_code(session, signing_in(person), old[1]) is None
        assert second_factor.use_recovery_code(session, signing_in(person), new[0]) == 9
    assert audit_rows(database, "second_factor.recovery_codes_regenerated") == [
        (person.user_id, person.user_id, {})
    ]


def test_an_admin_resets_a_coordinators_second_factor_and_ends_their_sessions(database, make_user):
    admin = make_user("admin")
    coordinator = make_user("coordinator", totp=False)
    enrol_new(database, coordinator)
    with database.unit_of_work() as session:
        version = session.get(User, coordinator.user_id).session_version
        second_factor.reset(session, admin_actor(admin), coordinator.user_id)
        session.commit()
    with database.unit_of_work() as session:
        user = session.get(User, coordinator.user_id)
        assert (user.totp_secret, user.totp_last_step) == (None, None)
        assert user.session_version == version + 1
        assert (
            session.scalars(
                select(RecoveryCode).where(RecoveryCode.user_id == coordinator.user_id)
            ).all()
            == []
        )
    assert audit_rows(database, "second_factor.reset") == [(coordinator.user_id, admin.user_id, {})]


@pytest.mark.parametrize("target", ["self", "volunteer", "school", "unknown"])
def test_an_admin_cannot_reset_themselves_or_someone_without_a_second_factor(
    database, make_user, target
):
    admin = make_user("admin")
    user_id = {
        "self": admin.user_id,
        "volunteer": lambda: make_user("volunteer").user_id,
        "school": lambda: make_user("school").user_id,
        "unknown": 999_999,
    }[target]
    user_id = user_id() if callable(user_id) else user_id
    with database.unit_of_work() as session, pytest.raises(second_factor.NotResettable):
        second_factor.reset(session, admin_actor(admin), user_id)
    assert audit_rows(database, "second_factor.reset") == []


def test_a_coordinator_cannot_reset_anyones_second_factor(database, make_user):
    coordinator = make_user("coordinator")
    other = make_user("coordinator", "tweede@example.org")
    actor = Actor(user_id=coordinator.user_id, role=Role.COORDINATOR, second_factor_passed=True)
    for refused in (
        lambda session: second_factor.reset(session, actor, other.user_id),
        lambda session: second_factor.staff_member(session, actor, other.user_id),
        lambda session: second_factor.staff_members(session, actor),
    ):
        with pytest.raises(NotPermitted) as caught:
            database.run_in_transaction(refused)
        assert caught.value.decision is Decision.FORBIDDEN
    with database.unit_of_work() as session:
        assert session.get(User, other.user_id).totp_secret == other.totp_secret
    assert audit_rows(database, "second_factor.reset") == []


def test_the_sign_in_steps_refuse_a_volunteer_and_write_nothing(database, make_user):
    volunteer = make_user("volunteer")
    actor = Actor(user_id=volunteer.user_id, role=Role.VOLUNTEER)
    secret = users.new_totp_secret()
    for refused in (
        lambda session: second_factor.enrol(session, actor, secret, code_at(secret, clock.now())),
        lambda session: second_factor.verify_totp(session, actor, "123456"),
        lambda session: second_factor.use_recovery_code(session, actor, "abcde-fghjk"),
        lambda session: second_factor.regenerate_recovery_codes(session, actor, PASSWORD),
    ):
        with pytest.raises(NotPermitted):
            database.run_in_transaction(refused)
    with database.unit_of_work() as session:
        user = session.get(User, volunteer.user_id)
        assert (user.totp_secret, user.totp_last_step) == (None, None)
        assert recovery_codes.remaining(session, volunteer.user_id) == 0
        assert session.scalars(select(AuditEntry)).all() == []


def test_new_recovery_codes_need_the_second_factor_passed_first(database, make_user):
    person = make_user("coordinator", totp=False)
    old = enrol_new(database, person)
    with pytest.raises(NotPermitted) as caught:
        database.run_in_transaction(
            lambda session: second_factor.regenerate_recovery_codes(
                session, signing_in(person), PASSWORD
            )
        )
    assert caught.value.decision is Decision.NEEDS_SECOND_FACTOR
    with database.unit_of_work() as session:
        assert second_factor.use_recovery_code(session, signing_in(person), old[0]) == 9


def test_the_staff_list_shows_other_staff_with_their_second_factor_state(database, make_user):
    admin = make_user("admin")
    enrolled = make_user("coordinator", totp=False)
    enrol_new(database, enrolled)
    make_user("coordinator", "nieuw@example.org", totp=False)
    make_user("volunteer")
    with database.unit_of_work() as session:
        members = second_factor.staff_members(session, admin_actor(admin))
    assert [(m.email, m.has_second_factor, m.recovery_codes_left) for m in members] == [
        ("coordinator@example.org", True, 10),
        ("nieuw@example.org", False, 0),
    ]


def test_anonymising_an_account_removes_its_recovery_codes(database, make_user):
    person = make_user("coordinator", totp=False)
    enrol_new(database, person)
    with database.unit_of_work() as session:
        retention.anonymise_user(session, session.get(User, person.user_id))
        session.commit()
    with database.unit_of_work() as session:
        user = session.get(User, person.user_id)
        assert (user.totp_secret, user.totp_last_step) == (None, None)
        assert recovery_codes.remaining(session, person.user_id) == 0


@given(st.text(max_size=60))
def test_anything_typed_is_either_no_code_or_a_code_in_stored_form(typed):
    normalised = recovery_codes.normalise(typed)
    assert normalised is None or (
        len(normalised) == recovery_codes.LENGTH and set(normalised) <= set(recovery_codes.ALPHABET)
    )


@given(st.text(max_size=20))
def test_only_six_digits_can_be_a_totp_code(typed):
    with clock.frozen_at(datetime(2025, 3, 3, 10, 0, 7, tzinfo=UTC)):
        step = second_factor.totp_step("JBSWY3DPEHPK3PXP", typed)
    digits = "".join(typed.split())
    assert step is None or (digits.isdigit() and len(digits) == 6)
