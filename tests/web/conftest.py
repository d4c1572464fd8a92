"""The web app on a fresh database, a test client with CSRF on, and account helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matcher import accounts, clock
from matcher.db.models import Region, School, User
from matcher.passwords import hash_password
from webapp import create_app

PASSWORD = "lange-zin-als-wachtwoord"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-production"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def settings(**overrides: object) -> dict[str, object]:
    """App settings for a test; anything in the environment is overridden."""
    return {
        "KOPPEL_ENV": "development",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DEBUG": False,
        "TESTING": True,
        **overrides,
    }


@pytest.fixture
def app(database, tmp_path) -> Flask:
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_token(client: FlaskClient, page: str) -> str:
    """The CSRF token a browser would find in the form on ``page``."""
    response = client.get(page)
    found = CSRF_FIELD.search(response.get_data(as_text=True))
    assert found, f"no CSRF token in {page} (status {response.status_code})"
    return found.group(1)


def submit(client: FlaskClient, page: str, data: dict[str, str], *, action: str | None = None):
    """Fill in the form on ``page`` like a browser: with its real CSRF token."""
    return client.post(action or page, data={**data, "csrf_token": csrf_token(client, page)})


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    password: str
    totp_secret: str | None


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
        secret = accounts.new_totp_secret() if totp and role in {"coordinator", "admin"} else None
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


def sign_in(client: FlaskClient, person: Person, *, next_url: str | None = None):
    """Sign in with e-mail and password (and nothing more)."""
    page = "/inloggen" + (f"?next={next_url}" if next_url else "")
    return submit(client, page, {"email": person.email, "password": person.password})


def pass_second_factor(client: FlaskClient, person: Person):
    """Enter the TOTP code that ``person``'s authenticator app would show now."""
    assert person.totp_secret is not None
    code = accounts.current_totp_code(person.totp_secret)
    return submit(client, "/inloggen/code", {"code": code})


@pytest.fixture
def frozen_clock():
    """The clock stopped at a known moment for the test, real time again afterwards."""
    with clock.frozen_at(datetime(2025, 3, 3, 10, 0, 7, tzinfo=UTC)):
        yield
