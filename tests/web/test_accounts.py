"""Account use cases at the service level: passwords, sign-in, sessions, create-admin."""

import pytest

from matcher.accounts import recovery_codes, second_factor, users
from matcher.accounts.password_strength import Weakness, WeakPassword, password_weakness
from matcher.accounts.permissions import Role
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


def test_create_admin_gives_a_confirmed_admin_who_can_sign_in(database):
    with database.unit_of_work() as session:
        admin = users.create_admin(session, "Beheer@Example.org", PASSWORD)
    account = admin.account
    assert account.role is Role.ADMIN and account.email == "beheer@example.org"
    with database.unit_of_work() as session:
        signed_in = users.authenticate(session, "beheer@example.org", PASSWORD)
        assert signed_in is not None and signed_in.has_second_factor
        assert second_factor.verify_totp(
            session, account.user_id, users.current_totp_code(admin.totp_secret)
        )
        assert recovery_codes.remaining(session, account.user_id) == len(admin.recovery_codes) == 10


def test_create_admin_refuses_a_weak_password_and_a_taken_address(database):
    with database.unit_of_work() as session, pytest.raises(WeakPassword, match="password"):
        users.create_admin(session, "a@example.org", "welkom123456")
    with database.unit_of_work() as session:
        users.create_admin(session, "a@example.org", PASSWORD)
    with database.unit_of_work() as session, pytest.raises(BadInput, match="already exists"):
        users.create_admin(session, "A@example.org", "nog-een-lange-zin")


def test_a_session_of_an_older_version_no_longer_loads(database):
    with database.unit_of_work() as session:
        account = users.create_admin(session, "a@example.org", PASSWORD).account
    with database.unit_of_work() as session:
        users.end_all_sessions(session, account.user_id)
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
