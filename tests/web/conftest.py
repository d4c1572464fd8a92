"""The web app on a fresh database, a test client with CSRF on, and users to sign in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, Person, settings

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import Region, School, User
from matcher.shared import clock
from webapp import create_app


@pytest.fixture
def app(database, tmp_path) -> Flask:
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def place(database) -> tuple[int, int]:
    """One region with one school; returns their ids."""
    with database.unit_of_work() as session:
        region = Region(name="Utrecht", slug="utrecht")
        school = School(name="Demo College", brin="99ZZ", levels=["havo"], region=region)
        session.add(school)
        session.commit()
        return region.id, school.id


@pytest.fixture
def make_user(database, place):
    """Create a confirmed, active user of ``role`` in the ``place`` region or school."""
    region_id, school_id = place

    def make(role: str, email: str | None = None, *, totp: bool = True, **fields) -> Person:
        address = email or f"{role}@example.org"
        secret = users.new_totp_secret() if totp and role in {"coordinator", "admin"} else None
        with database.unit_of_work() as session:
            user = User(
                **{
                    "email": address,
                    "password_hash": hash_password(PASSWORD),
                    "role": role,
                    "display_name": role.title(),
                    "email_confirmed_at": datetime(2025, 1, 6, tzinfo=UTC),
                    "totp_secret": secret,
                    **fields,
                }
            )
            if role == "coordinator":
                user.regions = [session.get(Region, region_id)]
            if role == "school":
                user.schools = [session.get(School, school_id)]
            session.add(user)
            session.commit()
            return Person(user.id, address, PASSWORD, secret)

    return make


@pytest.fixture
def frozen_clock():
    """The clock stopped at a known moment for the test, real time again afterwards."""
    with clock.frozen_at(datetime(2025, 3, 3, 10, 0, 7, tzinfo=UTC)):
        yield


@pytest.fixture
def standard_hashing(monkeypatch):
    """Production refuses the suite's cheap password hashing; lift it for one test."""
    from matcher.accounts import passwords

    monkeypatch.setattr(passwords, "TEST_HASHING", False)
