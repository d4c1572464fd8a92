"""Helpers for volunteer tests: a valid sign-up to vary, the public base URL, and the
``utrecht`` fixture (the region those sign-ups land in; conftests import it from here)."""

import dataclasses

import pytest

from matcher.db.models import PostcodeRange, Region
from matcher.volunteers.sign_up_rules import SignUp

BASE_URL = "https://koppel.example"


def sign_up(**changes) -> SignUp:
    """A sign-up that passes every rule, with ``changes`` applied."""
    valid = SignUp(
        name="Vera de Vries",
        email="vera@example.org",
        postcode="3511 AB",
        phone="06 1234 5678",
        subjects=("wiskunde", "engels"),
        levels=("havo", "vwo"),
        languages=("nl", "en"),
        availability=({"day": "tue", "start": 900, "end": 1020},),
        mode="both",
        max_distance_km=10.0,
        capacity=2,
        motivation="Ik help graag leerlingen met wiskunde.",
        adult=True,
        privacy_consent=True,
    )
    return dataclasses.replace(valid, **changes)


@pytest.fixture
def utrecht(database) -> int:
    """The region around Utrecht (PC4 3500–3599), where the sign-ups' postcode lies."""
    with database.unit_of_work() as session:
        region = Region(name="Utrecht", slug="utrecht")
        region.postcode_ranges = [PostcodeRange(first=3500, last=3599)]
        session.add(region)
        session.commit()
        return region.id
