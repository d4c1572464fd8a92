"""Every response carries the security headers; personal pages are never cached."""

from pathlib import Path

import pytest
from web_helpers import settings

import webapp
from webapp import create_app

PATHS = ["/", "/privacy", "/healthz", "/inloggen", "/bestaat-niet", "/static/koppel.css"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_a_refused_post_carries_the_security_headers_too(client):
    headers = client.post("/inloggen", data={}).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/inloggen", "/healthz"])
def test_pages_are_never_stored_by_browsers_or_proxies(client, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_production_adds_hsts_and_secure_cookies(database, standard_hashing):
    app = create_app(settings(KOPPEL_ENV="production", TESTING=False, DATABASE=database))
    response = app.test_client().get("/?lang=en")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_templates_contain_no_inline_script_or_style():
    for template in (Path(webapp.__file__).parent / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and "<style" not in text, template
        assert " style=" not in text and " onclick=" not in text, template
