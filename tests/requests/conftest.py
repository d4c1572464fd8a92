"""Two schools in two regions, a school contact for each, and a valid request to vary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from matcher.accounts.passwords import hash_password
from matcher.accounts.permissions import Actor, Role
from matcher.db.models import School, User
from matcher.shared import clock
from tests.db.rows import region
from tests.web.web_helpers import PASSWORD, Person, settings, sign_in
from webapp import create_app

CONTACT_EMAIL = "zorg@democollege.example"
START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Schools:
    """Ids of the two schools and of the contact who speaks for each."""

    school_id: int
    contact_id: int
    other_school_id: int
    other_contact_id: int

    @property
    def contact(self) -> Actor:
        """The Utrecht contact as the use cases see them."""
        return Actor(self.contact_id, Role.SCHOOL, school_ids=frozenset({self.school_id}))

    @property
    def other_contact(self) -> Actor:
        """The Groningen contact as the use cases see them."""
        return Actor(
            self.other_contact_id, Role.SCHOOL, school_ids=frozenset({self.other_school_id})
        )


def valid_values(**changes: object) -> dict[str, object]:
    """A request as a CSV row would give it, with ``changes`` applied."""
    return {
        "reference": "Sara B.",
        "school_year": "2",
        "level": "havo",
        "subjects": "wiskunde, engels",
        "needs": "geen_werkplek",
        "priority": "",
        "priority_reason": "",
        "languages": "nl",
        "needs_language": "",
        "availability": "ma 15:00-17:00, wo 14:00-16:00",
        "mode": "online",
        "postcode": "3511",
        "consent": "ja",
        **changes,
    }


def _contact(email: str, school: School) -> User:
    return User(
        email=email,
        password_hash=hash_password(PASSWORD),
        role="school",
        display_name="Zorgcoördinator",
        email_confirmed_at=START,
        schools=[school],
    )


@pytest.fixture
def schools(database) -> Schools:
    """A havo/vwo school in Utrecht (PC4 3400–3999) and a school in Groningen."""
    with database.unit_of_work() as session:
        utrecht = region("Utrecht", 3400, 3999)
        groningen = region("Groningen", 9700, 9999)
        school = School(name="Demo College", brin="99ZZ", levels=["havo", "vwo"], region=utrecht)
        other = School(name="Noorderlicht", brin="88YY", levels=["havo"], region=groningen)
        contact = _contact(CONTACT_EMAIL, school)
        other_contact = _contact("zorg@noorderlicht.example", other)
        session.add_all([contact, other_contact])
        session.commit()
        return Schools(school.id, contact.id, other.id, other_contact.id)


@pytest.fixture
def at_start():
    """The clock frozen at a known Monday morning; tests may move it on."""
    with clock.frozen_at(START):
        yield


@pytest.fixture
def app(database, tmp_path):
    """The web app on this test's database, CSRF on."""
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox")))


@pytest.fixture
def contact(app, schools):
    """A test client signed in as the Utrecht school's contact."""
    client = app.test_client()
    response = sign_in(client, Person(schools.contact_id, CONTACT_EMAIL, PASSWORD, None))
    assert response.status_code == 302
    return client
