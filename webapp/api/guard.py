"""Who is calling: the API token, its scope and its rate limit; and what a body may be.

:func:`operation` wraps each API view: no valid token is 401, a read token on a
call that changes data is 403 (audited), too many calls with one token is 429. The
view then receives the token owner's :class:`~matcher.accounts.permissions.Actor`,
and every use case checks its own permission and scope exactly as for the web.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from werkzeug.wrappers import Response

from matcher.accounts import api_tokens, rate_limits
from matcher.accounts.permissions import Permission
from webapp.api import bp
from webapp.api.problems import problem
from webapp.rate_limiting import count_attempt
from webapp.shared.database import database

MAX_BODY_BYTES = 1024 * 1024
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@bp.before_request
def check_body() -> Response | None:
    """Refuse a body over 1 MiB before anything reads it."""
    # Also bounds a body sent without Content-Length (chunked): reading past it is 413.
    request.max_content_length = MAX_BODY_BYTES
    if request.method not in _UNSAFE:
        return None
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return problem(413)
    return None


def operation(permission: Permission, *, writes: bool) -> Callable:
    """Declare the permission an API view needs (for the access test) and whether it
    changes data; the view is called with the token owner's actor first."""

    def wrap(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            holder = _holder()
            if holder is None:
                return problem(401, headers_www=True)
            g.api_holder = holder
            if request.content_length and request.mimetype != "application/json":
                return problem(415)
            refusal = count_attempt(rate_limits.API_TOKEN, {"token": str(holder.token_id)})
            if refusal is not None:
                response = problem(429)
                response.headers["Retry-After"] = str(refusal.retry_after)
                return response
            if writes and not holder.may_write:
                database().run_in_transaction(
                    lambda session: api_tokens.record_refusal(session, holder, "read_only")
                )
                return problem(403)
            return view(holder.actor, *args, **kwargs)

        guarded.required_permission = permission  # type: ignore[attr-defined]
        guarded.api_writes = writes  # type: ignore[attr-defined]
        return guarded

    return wrap


def _holder() -> api_tokens.TokenHolder | None:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.casefold() != "bearer" or not raw.strip():
        return None
    return database().run_in_transaction(
        lambda session: api_tokens.authenticate(session, raw.strip())
    )
