"""Helpers for volunteer tests: a valid sign-up to vary, and the public base URL."""

import dataclasses

from matcher.sign_up_rules import SignUp

BASE_URL = "https://koppel.example"


def sign_up(**changes) -> SignUp:
    """A sign-up that passes every rule, with ``changes`` applied."""
    valid = SignUp(
        name="Vera de Vries",
        email="vera@example.org",
        postcode="3511 AB",
        password="een lange zin als wachtwoord",
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
