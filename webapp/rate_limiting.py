"""HTTP 429 for too many sign-in, second-factor, password and sign-up attempts.

One ``before_request`` hook counts every POST to the endpoints in :data:`LIMITED`
with :func:`matcher.accounts.rate_limits.check`, so the views themselves stay unaware of it.
Counters are shared by all server processes: the database by default, Redis when
``KOPPEL_RATE_LIMIT_URL`` names it. When Redis cannot be reached the hook counts
in the database instead, so a Redis outage neither breaks sign-in nor lifts the
limits.

Behind a reverse proxy set ``KOPPEL_TRUSTED_PROXIES`` to the number of proxies, so
the client's address is read from ``X-Forwarded-For``; otherwise every visitor
would share the proxy's address and one limit.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app, g, make_response, request
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from redis.exceptions import RedisError
from werkzeug.wrappers import Response

from matcher.accounts import lockout_notice, rate_limits
from matcher.shared import clock
from webapp.errors import render_error
from webapp.shared.database import EXTENSION_KEY as DATABASE_KEY
from webapp.shared.database import database

log = logging.getLogger(__name__)

EXTENSION_KEY = "koppel.rate_limits"

# Endpoint → the limits a POST to it counts against.
LIMITED: dict[str, tuple[rate_limits.Limit, ...]] = {
    "auth.login": rate_limits.SIGN_IN,
    "password_reset.request_reset": rate_limits.PASSWORD_RESET,
    "volunteer.sign_up": rate_limits.SIGN_UP,
    "auth.second_factor": rate_limits.SECOND_FACTOR,
    "auth.recovery_code": rate_limits.SECOND_FACTOR,
    "auth.security": rate_limits.CONFIRM_PASSWORD,
}


def init_app(app: Flask) -> None:
    """Choose the counter store from ``RATE_LIMIT_STORAGE_URL`` and start counting."""
    url = app.config.get("RATE_LIMIT_STORAGE_URL", "")
    app.extensions[EXTENSION_KEY] = rate_limits.counters_from_url(url, app.extensions[DATABASE_KEY])
    app.before_request(_enforce)
    app.after_request(_count_outcome)


def _enforce() -> Response | None:
    limits = LIMITED.get(request.endpoint or "")
    if request.method != "POST" or not limits:
        return None
    identity = _identity()
    # Kept for the after-request count: a successful second factor may change the session.
    g.rate_limit_identity = identity
    secret = current_app.secret_key.encode()
    refusal = _with_store(lambda store: rate_limits.check(store, limits, identity, secret=secret))
    if refusal is None:
        return None
    g.rate_limit_refused = True
    log.info("rate limit %s reached; retry after %ss", refusal.limit.name, refusal.retry_after)
    return too_many_attempts(refusal.retry_after)


def _count_outcome(response: Response) -> Response:
    """Count a handled attempt as a success (a redirect onwards) or a failure (the form
    again), for the limits that count outcomes; tell an owner whose ceiling it reached."""
    limits = LIMITED.get(request.endpoint or "")
    if (request.method != "POST" or not limits or g.get("rate_limit_refused")
            or "rate_limit_identity" not in g):
        return response
    identity = g.rate_limit_identity
    succeeded = 300 <= response.status_code < 400
    secret = current_app.secret_key.encode()
    reached = _with_store(lambda store: rate_limits.record_outcome(
        store, limits, identity, succeeded=succeeded, secret=secret))
    for limit in reached:
        log.info("rate limit %s used up", limit.name)
        if limit.tell_owner and identity["email"]:
            _, until = rate_limits.window_bounds(clock.now(), limit.window)
            database().run_in_transaction(lambda session, limit=limit, until=until:
                lockout_notice.tell_owner(session, identity["email"], attempts=limit.hits,
                                          until=until,
                                          base_url=current_app.config["PUBLIC_URL"]))
    return response


def _identity() -> dict[str, str]:
    # The second-factor and security forms have no e-mail field: count against the
    # signed-in account.
    account = current_user.account
    email = request.form.get("email") or (account.email if account else "")
    return {"ip": client_address(), "email": email}


def _with_store(count):
    """``count(store)`` with the configured store, or the database when Redis is down."""
    try:
        return count(current_app.extensions[EXTENSION_KEY])
    except RedisError as exc:
        log.warning("rate limit store unreachable (%s); counting in the database", type(exc))
        return count(rate_limits.DatabaseCounters(database()))


def client_address() -> str:
    """The client's IP address, trusting ``KOPPEL_TRUSTED_PROXIES`` proxies in front of us."""
    proxies = int(current_app.config.get("TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appended the address it saw; the client is that many from the end.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.remote_addr or ""


def too_many_attempts(retry_after: int) -> Response:
    """The 429 page in the visitor's language, with ``Retry-After`` in seconds."""
    # A clock time needs no plural forms and means the same in both languages.
    until = format_time(clock.now() + timedelta(seconds=retry_after), "HH:mm")
    message = _("U heeft dit te vaak geprobeerd. Probeer het na %(time)s opnieuw.", time=until)
    response = make_response(render_error(429, _("Even geduld"), message))
    response.headers["Retry-After"] = str(retry_after)
    return response
