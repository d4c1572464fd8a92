"""Apps and staff accounts for the security review's tests.

The app, client and frozen clock come from ``tests/safety`` (one secret key per
test, counters in the database); this adds a coordinator with a TOTP secret who
can pass the second factor.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import Region, School, User
from tests.safety.conftest import app, client, frozen, make_app  # noqa: F401 - fixtures
from tests.web.web_helpers import PASSWORD, Person, pass_second_factor, sign_in


@pytest.fixture
def regions(database) -> dict[str, tuple[int, int]]:
    """Two regions with one school each: name → (region id, school id)."""
    found = {}
    with database.unit_of_work() as session:
        for name in ("Utrecht", "Zwolle"):
            school = School(
                name=f"{name} College", brin=f"{len(found) + 10}ZZ", levels=["havo"],
                region=Region(name=name, slug=name.lower()),
            )
            session.add(school)
            session.flush()
            found[name] = (school.region_id, school.id)
        session.commit()
    return found


@pytest.fixture
def make_staff(database, regions):
    """Create a confirmed coordinator (of ``region``) or admin with a TOTP secret."""

    def make(role: str, email: str, region: str = "Utrecht") -> Person:
        secret = users.new_totp_secret()
        with database.unit_of_work() as session:
            user = User(
                email=email, password_hash=hash_password(PASSWORD), role=role,
                display_name=role.title(), email_confirmed_at=datetime(2025, 1, 6, tzinfo=UTC),
                totp_secret=secret,
            )
            if role == "coordinator":
                user.regions = [session.get(Region, regions[region][0])]
            session.add(user)
            session.commit()
            return Person(user.id, email, PASSWORD, secret)

    return make


def signed_in_staff(flask_app, person: Person):
    """A client of ``person`` past the password and the second factor."""
    browser = flask_app.test_client()
    sign_in(browser, person)
    assert pass_second_factor(browser, person).status_code == 302
    return browser
