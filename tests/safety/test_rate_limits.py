"""Too many sign-in attempts get HTTP 429, counted in storage every server process shares."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import redis

from fixtures.sign_up_form import volunteer_sign_up_form
from matcher.shared import clock
from tests.web.web_helpers import submit
from webapp.rate_limiting import LIMITED

# `make test` names the Redis it checked; elsewhere the default local one, if it runs.
REDIS_URL = os.environ.get("KOPPEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_REQUIRED = "KOPPEL_TEST_REDIS_URL" in os.environ or os.environ.get("CI") == "true"
WRONG = {"password": "not-the-password-at-all"}


def attempt(client, email: str, *, address: str = "127.0.0.1"):
    """One sign-in attempt with a wrong password, from ``address``."""
    client.environ_base["REMOTE_ADDR"] = address
    return submit(client, "/inloggen", {"email": email, **WRONG})


def redis_url() -> str:
    """Redis for the shared-counter test: a failure under `make test` or CI, else a skip."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_URL} is not reachable: {exc}"
        if REDIS_REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL


def test_the_eleventh_attempt_on_one_account_is_refused_with_429_and_retry_after(
    client, volunteer, frozen
):
    for _ in range(10):
        assert attempt(client, volunteer.email).status_code == 200
    refused = attempt(client, volunteer.email)
    assert refused.status_code == 429
    # 10:00:07 lies in the window 10:00–10:15.
    assert refused.headers["Retry-After"] == str(15 * 60 - 7)
    page = refused.get_data(as_text=True)
    assert "Even geduld" in page
    # 10:15 UTC is 11:15 in Amsterdam in March.
    assert "Probeer het na 11:15 opnieuw." in page


def test_a_refused_attempt_does_not_sign_in_even_with_the_right_password(client, volunteer):
    for _ in range(10):
        attempt(client, volunteer.email)
    right = submit(client, "/inloggen", {"email": volunteer.email, "password": volunteer.password})
    assert right.status_code == 429
    assert 'action="/uitloggen"' not in client.get("/").get_data(as_text=True)


def test_the_429_page_speaks_english_when_asked(client, volunteer, frozen):
    client.get("/?lang=en")
    for _ in range(10):
        attempt(client, volunteer.email)
    page = attempt(client, volunteer.email).get_data(as_text=True)
    assert "Please wait" in page
    assert "Try again after 11:15." in page


def test_the_limit_lifts_when_the_window_has_passed(client, volunteer, frozen):
    for _ in range(11):
        attempt(client, volunteer.email)
    clock.advance(timedelta(minutes=15))
    right = {"email": volunteer.email, "password": volunteer.password}
    signed_in = submit(client, "/inloggen", right)
    assert signed_in.status_code == 302


def test_another_address_may_still_try_the_same_account(client, volunteer):
    for _ in range(11):
        attempt(client, volunteer.email, address="192.0.2.1")
    assert attempt(client, volunteer.email, address="192.0.2.2").status_code == 200


@pytest.mark.parametrize("storage", ["database", "redis"])
def test_two_app_instances_on_the_same_storage_share_one_counter(make_app, volunteer, storage):
    url = redis_url() if storage == "redis" else "database"
    first, second = make_app(RATE_LIMIT_STORAGE_URL=url), make_app(RATE_LIMIT_STORAGE_URL=url)
    first_client, second_client = first.test_client(), second.test_client()
    for _ in range(5):
        assert attempt(first_client, volunteer.email).status_code == 200
        assert attempt(second_client, volunteer.email).status_code == 200
    assert attempt(first_client, volunteer.email).status_code == 429
    assert attempt(second_client, volunteer.email).status_code == 429


def test_an_unreachable_redis_falls_back_to_counting_in_the_database(make_app, volunteer, caplog):
    # Port 1 on loopback refuses connections at once.
    client = make_app(RATE_LIMIT_STORAGE_URL="redis://127.0.0.1:1/0").test_client()
    for _ in range(10):
        assert attempt(client, volunteer.email).status_code == 200
    assert attempt(client, volunteer.email).status_code == 429
    assert "counting in the database" in caplog.text


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(make_app, volunteer):
    client = make_app(TRUSTED_PROXIES=1).test_client()

    def from_client(address: str):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = address
        return submit(client, "/inloggen", {"email": volunteer.email, **WRONG})

    for _ in range(11):
        from_client("198.51.100.7")
    assert from_client("198.51.100.7").status_code == 429
    assert from_client("198.51.100.8").status_code == 200


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(client, volunteer):
    for number in range(10):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{number}"
        attempt(client, volunteer.email)
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    assert attempt(client, volunteer.email).status_code == 429


def test_pages_are_only_counted_when_a_form_is_sent(client, volunteer):
    for _ in range(30):
        assert client.get("/inloggen").status_code == 200
    assert attempt(client, volunteer.email).status_code == 200


def test_every_limited_endpoint_exists(app):
    assert sorted(set(LIMITED) - set(app.view_functions)) == []


def test_a_sign_up_sent_back_for_a_mistake_does_not_count_towards_the_limit(client):
    client.environ_base["REMOTE_ADDR"] = "10.0.2.1"
    mistaken = volunteer_sign_up_form(email="lena@example.org", postcode="12")
    for _ in range(8):
        assert submit(client, "/vrijwilliger/aanmelden", mistaken).status_code == 200
    fixed = volunteer_sign_up_form(email="lena@example.org")
    response = submit(client, "/vrijwilliger/aanmelden", fixed)
    assert (response.status_code, response.location) == (302, "/vrijwilliger/aanmelden/bijna-klaar")


def test_sign_ups_that_went_through_are_limited_per_address(client):
    client.environ_base["REMOTE_ADDR"] = "10.0.2.2"
    for n in range(20):
        form = volunteer_sign_up_form(email=f"buddy{n}@example.org")
        assert submit(client, "/vrijwilliger/aanmelden", form).status_code == 302
    refused = submit(client, "/vrijwilliger/aanmelden",
                     volunteer_sign_up_form(email="buddy20@example.org"))
    assert refused.status_code == 429
    assert "Probeer het na" in refused.get_data(as_text=True)
