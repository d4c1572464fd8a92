"""Helpers for web tests: settings, a browser-like form submit with the real CSRF token."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask.testing import FlaskClient

from matcher.accounts import users

PASSWORD = "lange-zin-als-wachtwoord"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-production"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# A data key of the tests' own (production refuses the development key).
TEST_DATA_KEY = "dGVzdHMtb2Yta29wcGVsLXNlYWwtd2l0aC10aGlzLWs="  # nosec B105


def settings(**overrides: object) -> dict[str, object]:
    """App settings for a test; anything in the environment is overridden."""
    return {
        "KOPPEL_ENV": "development",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATA_KEY": TEST_DATA_KEY,
        "DEBUG": False,
        "TESTING": True,
        **overrides,
    }


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


def sign_in(client: FlaskClient, person: Person, *, next_url: str | None = None):
    """Sign in with e-mail and password (and nothing more)."""
    page = "/inloggen" + (f"?next={next_url}" if next_url else "")
    return submit(client, page, {"email": person.email, "password": person.password})


def pass_second_factor(client: FlaskClient, person: Person):
    """Enter the TOTP code that ``person``'s authenticator app would show now."""
    assert person.totp_secret is not None
    code = users.current_totp_code(person.totp_secret)
    return submit(client, "/inloggen/code", {"code": code})
