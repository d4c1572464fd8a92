"""Account use cases at the service level: passwords, sign-in, sessions, create-admin."""

import pytest

from matcher.accounts import recovery_codes, second_factor, users
from matcher.accounts.password_strength import Weakness, WeakPassword, password_weakness
from matcher.accounts.permissions import Decision, NotPermitted, Role
from matcher.db.models import User
from matcher.shared.errors import BadInput

PASSWORD = "zeer-lange-zin-hier"


@pytest.mark.parametrize(
    ("password", "weakness"),
    [
        ("kort", Weakness.TOO_SHORT),
        ("elf-tekens!", Weakness.TOO_SHORT),
        ("wachtwoord123", Weakness.TOO_COMMON),
        ("Password1234", Weakness.TOO_COMMON),
        ("aaaaaaaaaaaaaaaa", Weakness.TOO_COMMON),
        ("x" * 300, Weakness.TOO_LONG),
        ("paard-batterij-niet-nietje", None),
    ],
)
def test_passwords_need_length_and_must_not_be_common(password, weakness):
    assert password_weakness(password) is weakness


def create_admin(database, email: str, password: str = PASSWORD) -> users.NewAdmin:
    return database.run_in_transaction(
        lambda session: users.create_admin(session, email, password)
    )


def test_create_admin_gives_a_confirmed_admin_who_can_sign_in(database):
    admin = create_admin(database, "Beheer@Example.org")
    account = admin.account
    assert account.role is Role.ADMIN and account.email == "beheer@example.org"
    with database.unit_of_work() as session:
        signed_in = users.authenticate(session, "beheer@example.org", PASSWORD)
        assert signed_in is not None and signed_in.has_second_factor
        assert second_factor.verify_totp(
            session,
            users.actor_for(signed_in, second_factor_passed=False),
            users.current_totp_code(admin.totp_secret),
        )
        assert recovery_codes.remaining(session, account.user_id) == len(admin.recovery_codes) == 10


def test_create_admin_refuses_a_weak_password_and_a_taken_address(database):
    with pytest.raises(WeakPassword, match="password"):
        create_admin(database, "a@example.org", "welkom123456")
    create_admin(database, "a@example.org")
    with pytest.raises(BadInput, match="already exists"):
        create_admin(database, "A@example.org", "nog-een-lange-zin")
    with database.unit_of_work() as session:
        assert session.query(User).count() == 1


def test_a_session_of_an_older_version_no_longer_loads(database):
    account = create_admin(database, "a@example.org").account
    actor = users.actor_for(account, second_factor_passed=True)
    database.run_in_transaction(lambda session: users.end_all_sessions(session, actor))
    with database.unit_of_work() as session:
        assert users.load_account(session, account.user_id, account.session_version) is None
        assert users.load_account(session, account.user_id, account.session_version + 1)


def test_a_deactivated_account_cannot_sign_in(database):
    with database.unit_of_work() as session:
        account = users.create_admin(session, "a@example.org", PASSWORD).account
        session.get(User, account.user_id).active = False
        session.commit()
    with database.unit_of_work() as session:
        assert users.authenticate(session, "a@example.org", PASSWORD) is None


def test_a_new_password_needs_the_second_factor_passed_and_a_refusal_writes_nothing(database):
    account = create_admin(database, "a@example.org").account

    def set_password(actor, password: str) -> None:
        database.run_in_transaction(lambda session: users.set_password(session, actor, password))

    with pytest.raises(NotPermitted) as refused:
        set_password(users.actor_for(account, second_factor_passed=False), "een-nieuwe-lange-zin")
    assert refused.value.decision is Decision.NEEDS_SECOND_FACTOR
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: users.end_all_sessions(session, None))
    with pytest.raises(WeakPassword):
        set_password(users.actor_for(account, second_factor_passed=True), "welkom123456")
    with database.unit_of_work() as session:
        assert session.get(User, account.user_id).session_version == account.session_version
        assert users.authenticate(session, "a@example.org", PASSWORD) is not None

    set_password(users.actor_for(account, second_factor_passed=True), "een-nieuwe-lange-zin")
    with database.unit_of_work() as session:
        assert users.authenticate(session, "a@example.org", PASSWORD) is None
        assert users.load_account(session, account.user_id, account.session_version) is None


def test_a_sign_in_is_noted_only_when_the_caller_commits(database):
    account = create_admin(database, "a@example.org").account
    with database.unit_of_work() as session:
        assert users.authenticate(session, "a@example.org", PASSWORD) is not None
    with database.unit_of_work() as session:
        assert session.get(User, account.user_id).last_login_at is None
    assert database.run_in_transaction(
        lambda session: users.authenticate(session, "a@example.org", PASSWORD)
    )
    with database.unit_of_work() as session:
        assert session.get(User, account.user_id).last_login_at is not None
