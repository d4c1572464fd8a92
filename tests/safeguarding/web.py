"""Signing in the people of the concern world through the web (tests only)."""

from __future__ import annotations

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import User
from tests.matches.web_world import PASSWORD, signed_in
from tests.safeguarding.world import NOW
from tests.web.web_helpers import Person


def login(database, user_id: int, *, second_factor: bool) -> Person:
    """Give a generated account a password (and a second factor) so it can sign in."""
    with database.unit_of_work() as session:
        user = session.get(User, user_id)
        user.password_hash, user.email_confirmed_at = hash_password(PASSWORD), NOW
        user.totp_secret = users.new_totp_secret() if second_factor else None
        session.commit()
        return Person(user.id, user.email, PASSWORD, user.totp_secret)


def client_for(app, database, user_id: int, *, second_factor: bool = True):
    """A test client signed in as ``user_id`` (through the second factor when it has one)."""
    return signed_in(app.test_client(), login(database, user_id, second_factor=second_factor))
