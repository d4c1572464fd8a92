"""What the browser tests share: a live server, accounts and signing in, and the checks on
each page (axe-core, and a screenshot to look at)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from matcher.accounts import users
from matcher.accounts.passwords import hash_password
from matcher.db.models import User
from tests.mail.smtp_helpers import free_port
from tests.web.web_helpers import settings
from webapp import create_app

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PASSWORD = "een lange zin als wachtwoord"
CONFIRMED = datetime(2025, 1, 10, tzinfo=UTC)


@contextmanager
def served(**overrides: object) -> Iterator[Flask]:
    """The app served on a free loopback port in a thread while the block runs.

    Its ``LIVE_URL`` (and, unless ``overrides`` say otherwise, ``PUBLIC_URL``, so
    links in its mails work) is that address; ``overrides`` are further settings.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(settings(**{"TESTING": False, "PUBLIC_URL": url, **overrides}))
    app.config["LIVE_URL"] = url
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app
    finally:
        server.shutdown()
        thread.join(timeout=10)


def account(email: str, role: str, display_name: str, **fields: object) -> User:
    """A confirmed account that signs in with ``PASSWORD``; ``fields`` add its regions,
    schools or TOTP secret."""
    return User(
        email=email,
        role=role,
        display_name=display_name,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=CONFIRMED,
        **fields,
    )


COORDINATOR = "carla@example.org"


def add_coordinator(session: Any, region: Any) -> str:
    """Carla, coordinator of ``region``, signing in with ``PASSWORD`` and a second factor;
    returns her TOTP secret."""
    secret = users.new_totp_secret()
    session.add(account(COORDINATOR, "coordinator", "Carla Coördinator", totp_secret=secret,
                        regions=[region]))
    return secret


def sign_in(
    page: Any, base: str, email: str, password: str, *, totp_secret: str | None = None
) -> None:
    """Sign in on the login page, with the current code when ``totp_secret`` is given."""
    page.goto(f"{base}/inloggen")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Inloggen").click()
    if totp_secret:
        page.fill("#code", users.current_totp_code(totp_secret))
        page.get_by_role("button", name="Bevestigen").click()


def assert_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the current page.

    Waits for the page to have loaded first: right after a click on a link the new
    document may not exist yet, and axe would read a page in between.
    """
    page.wait_for_load_state("load")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad]


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot under ``test-output/screenshots/``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_page(page: Any, name: str) -> None:
    """Both checks: axe-core on the current page, then its screenshot ``name``."""
    assert_accessible(page)
    screenshot(page, name)
