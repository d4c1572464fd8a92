"""The nine kinds of visitor the access matrix checks, and how each one signs in."""

from __future__ import annotations

from enum import Enum

from flask import Flask
from flask.testing import FlaskClient

from tests.access.scenario import World
from tests.web.web_helpers import CSRF_FIELD, pass_second_factor, sign_in


class Role(Enum):
    ANONYMOUS = "anonymous"
    VOLUNTEER = "volunteer"  # Utrecht's volunteer with the active match
    SCHOOL = "school"  # Utrecht school's contact
    OTHER_SCHOOL = "other school"  # Rotterdam school's contact
    OTHER_COORDINATOR = "other coordinator"  # Rotterdam's coordinator, second factor passed
    COORDINATOR = "coordinator"  # Utrecht's coordinator, second factor passed
    PASSWORD_ONLY = "password only"  # a Utrecht coordinator who has not entered the code
    ADMIN = "admin"  # second factor passed
    MENTOR = "mentor"  # Utrecht school's mentor of the active match's pupil


def person_for(world: World, role: Role):
    return {
        Role.VOLUNTEER: world.utrecht.volunteer,
        Role.SCHOOL: world.utrecht.contact,
        Role.OTHER_SCHOOL: world.rotterdam.contact,
        Role.OTHER_COORDINATOR: world.rotterdam.coordinator,
        Role.COORDINATOR: world.utrecht.coordinator,
        Role.PASSWORD_ONLY: world.password_only_coordinator,
        Role.ADMIN: world.admin,
        Role.MENTOR: world.utrecht.mentor,
    }.get(role)


def signed_in_client(app: Flask, world: World, role: Role) -> FlaskClient:
    """A client for ``role``; staff pass the second factor unless ``PASSWORD_ONLY``."""
    client = app.test_client()
    person = person_for(world, role)
    if person is None:
        return client
    response = sign_in(client, person)
    assert response.status_code == 302, f"{role.value} could not sign in"
    if person.totp_secret and role is not Role.PASSWORD_ONLY:
        passed = pass_second_factor(client, person)
        assert passed.status_code in {200, 302}, f"{role.value} could not pass the second factor"
    return client


def csrf_for(client: FlaskClient) -> str:
    """A valid CSRF token for this client's session (from the sign-in form, open to all)."""
    found = CSRF_FIELD.search(client.get("/inloggen").get_data(as_text=True))
    assert found, "no CSRF token on the sign-in page"
    return found.group(1)
