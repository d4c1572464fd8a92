"""The access log names route patterns, never paths or query strings; production logs JSON.

A secret link from a mail (``/koppeling/<token>``) and a coordinator's search
(``?zoek=…``) are requested; neither the token nor the search term may appear in any
log record, however it is formatted, while the access line carries the route pattern
and the request id the response returns.
"""

from __future__ import annotations

import json
import logging
import logging.config
import secrets
from datetime import UTC, datetime

import pytest

from matcher.accounts import passwords, users
from matcher.accounts.passwords import hash_password
from matcher.db.models import Region, User
from tests.web.web_helpers import PASSWORD, Person, pass_second_factor, sign_in
from webapp.request_log import ACCESS_LOGGER, HEADER, JsonFormatter, gunicorn_logconfig

SEARCH_TERM = "Zwartkop-Zoekterm"


@pytest.fixture
def coordinator(database) -> Person:
    secret = users.new_totp_secret()
    with database.unit_of_work() as session:
        user = User(email="log.coordinator@example.org", password_hash=hash_password(PASSWORD),
                    role="coordinator", display_name="Log Coordinator", totp_secret=secret,
                    email_confirmed_at=datetime(2025, 1, 6, tzinfo=UTC))
        user.regions = [Region(name="Utrecht", slug="utrecht")]
        session.add(user)
        session.commit()
        return Person(user.id, user.email, PASSWORD, secret)


@pytest.fixture
def gunicorn_logging():
    """Logging as ``koppel serve`` sets it up in production; as it was again afterwards."""
    touched = [logging.getLogger(name) for name in ("", "alembic", "gunicorn.error")]
    before = [(list(logger.handlers), logger.level, logger.propagate) for logger in touched]
    logging.config.dictConfig(gunicorn_logconfig())
    yield
    for logger, (handlers, level, propagate) in zip(touched, before, strict=True):
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def every_rendering(record: logging.LogRecord) -> str:
    """The record as any handler could write it: message, arguments, every attribute, JSON."""
    return "\n".join(
        (record.getMessage(), repr(record.args), repr(vars(record)),
         logging.Formatter().format(record), JsonFormatter().format(record))
    )


def test_secret_links_and_search_terms_never_reach_a_log_record(
    make_app, coordinator, caplog
):
    caplog.set_level(logging.WARNING, logger="sqlalchemy.engine")
    caplog.set_level(logging.DEBUG)
    app = make_app()
    token = secrets.token_urlsafe(32)
    visitor = app.test_client()
    link = visitor.get(f"/koppeling/{token}")
    staff = app.test_client()
    sign_in(staff, coordinator)
    assert pass_second_factor(staff, coordinator).status_code == 302
    search = staff.get(f"/coordinator/handmatig?zoek={SEARCH_TERM}")
    assert search.status_code == 200

    logged = "\n".join(every_rendering(record) for record in caplog.records)
    assert token not in logged
    assert SEARCH_TERM.lower() not in logged.lower()
    access = [json.loads(JsonFormatter().format(r)) for r in caplog.records
              if r.name == ACCESS_LOGGER]
    assert {
        "request_id": link.headers[HEADER], "method": "GET", "route": "/koppeling/<token>",
        "status": link.status_code,
    }.items() <= next(line for line in access if line["route"] == "/koppeling/<token>").items()
    assert any(line["route"] == "/coordinator/handmatig"
               and line["request_id"] == search.headers[HEADER] for line in access)


def test_production_writes_one_json_access_line_with_the_route_and_the_proxys_request_id(
    make_app, monkeypatch, capsys, gunicorn_logging
):
    monkeypatch.setattr(passwords, "TEST_HASHING", False)
    app = make_app(KOPPEL_ENV="production", TESTING=False)
    token = secrets.token_urlsafe(32)
    capsys.readouterr()
    response = app.test_client().get(
        f"/koppeling/{token}?zoek={SEARCH_TERM}", headers={HEADER: "lb-7f3a9c1e-0042"}
    )
    assert response.headers[HEADER] == "lb-7f3a9c1e-0042"
    written = capsys.readouterr().err
    assert token not in written and SEARCH_TERM not in written
    lines = [json.loads(line) for line in written.splitlines()]
    access = [line for line in lines if line["logger"] == ACCESS_LOGGER]
    assert len(access) == 1
    line = access[0]
    assert line["route"] == "/koppeling/<token>"
    assert line["request_id"] == "lb-7f3a9c1e-0042"
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"


@pytest.mark.parametrize(
    "offered", ["", "short", "an id with spaces", "mail@example.org", "x" * 200, "id;rm -rf /"]
)
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, offered):
    response = client.get("/healthz", headers={HEADER: offered} if offered else {})
    given = response.headers[HEADER]
    assert given != offered and len(given) == 32 and int(given, 16) >= 0


def test_an_unknown_path_is_logged_without_it(client, caplog):
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    client.get(f"/geheim/{SEARCH_TERM}")
    (record,) = [r for r in caplog.records if r.name == ACCESS_LOGGER]
    assert record.route == "<no route>" and record.status == 404
    assert SEARCH_TERM not in every_rendering(record)
