"""The API on the two-school world of tests/requests, with tokens made by the use case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from matcher.accounts import api_tokens
from matcher.accounts.permissions import Actor
from matcher.shared import clock
from matcher.shared.public_ids import PublicIds
from tests.requests import conftest as request_world

# The world of tests/requests: two schools in two regions, each with its contact.
app = request_world.app
schools = request_world.schools
contact = request_world.contact
at_start = request_world.at_start


def issue(database, actor: Actor, scope: str = "write", days: int = 30) -> str:
    """A new token of ``actor``'s, its raw value."""
    return database.run_in_transaction(
        lambda session: api_tokens.issue_token(
            session, actor, name="Leerlingvolgsysteem", scope=scope,
            expires_on=clock.today() + timedelta(days=days),
        )
    ).raw


def bearer(raw: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}", **headers}


@pytest.fixture
def write_token(database, schools) -> str:
    return issue(database, schools.contact)


@pytest.fixture
def read_token(database, schools) -> str:
    return issue(database, schools.contact, scope="read")


@pytest.fixture
def school_path(app, schools) -> str:
    """``/api/v1/schools/<public id>`` of the Utrecht school."""
    return "/api/v1/schools/" + PublicIds(app.secret_key.encode(), "school").encode(
        schools.school_id
    )


def valid_body(**changes: object) -> dict[str, object]:
    """A request as a school system would send it."""
    return {
        "reference": "Sara B.",
        "school_year": 2,
        "level": "havo",
        "subjects": ["wiskunde", "engels"],
        "needs": ["geen_werkplek"],
        "languages": ["nl"],
        "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
        "mode": "online",
        "postcode": "3511",
        "consent": True,
        **changes,
    }
