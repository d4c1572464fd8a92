"""A session cookie stops working after a working day, not after Flask's 31 days.

Staff sessions open minors' files. A cookie left in a shared browser, or copied
from one, must not stay good for a month; the session's signature carries the time
it was last written, and the app refuses a cookie older than its lifetime.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.security_review.conftest import signed_in_staff

COOKIE = "koppel_session"


def _written_ago(app, value: str, age: timedelta) -> str:
    """The same session cookie, as if the server had written it ``age`` ago."""
    interface = app.session_interface
    data = interface.get_signing_serializer(app).loads(value)

    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age.total_seconds())

    serializer = URLSafeTimedSerializer(
        app.secret_key, salt=interface.salt, serializer=interface.serializer,
        signer=Backdated,
        signer_kwargs={"key_derivation": interface.key_derivation,
                       "digest_method": interface.digest_method},
    )
    return serializer.dumps(data)


@pytest.mark.parametrize(("age", "status"), [(timedelta(hours=1), 200), (timedelta(hours=13), 302)])
def test_a_staff_session_cookie_written_more_than_twelve_hours_ago_is_refused(
    app, make_staff, age, status
):
    browser = signed_in_staff(app, make_staff("coordinator", "coordinator@example.org"))
    assert browser.get("/coordinator/overzicht").status_code == 200
    value = browser.get_cookie(COOKIE).value

    browser.set_cookie(COOKIE, _written_ago(app, value, age))
    response = browser.get("/coordinator/overzicht")

    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].startswith("/inloggen")
