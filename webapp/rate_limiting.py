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

from flask import Flask, current_app, make_response, request
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from redis.exceptions import RedisError
from werkzeug.wrappers import Response

from matcher.accounts import rate_limits
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


def _enforce() -> Response | None:
    limits = LIMITED.get(request.endpoint or "")
    if request.method != "POST" or not limits:
        return None
    # The second-factor and security forms have no e-mail field: count against the
    # signed-in account.
    account = current_user.account
    email = request.form.get("email") or (account.email if account else "")
    identity = {"ip": client_address(), "email": email}
    secret = current_app.secret_key.encode()
    try:
        refusal = rate_limits.check(
            current_app.extensions[EXTENSION_KEY], limits, identity, secret=secret
        )
    except RedisError as exc:
        log.warning("rate limit store unreachable (%s); counting in the database", type(exc))
        fallback = rate_limits.DatabaseCounters(database())
        refusal = rate_limits.check(fallback, limits, identity, secret=secret)
    if refusal is None:
        return None
    log.info("rate limit %s reached; retry after %ss", refusal.limit.name, refusal.retry_after)
    return too_many_attempts(refusal.retry_after)


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
