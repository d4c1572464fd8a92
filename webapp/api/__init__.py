"""The JSON API for school systems (``/api/v1``), documented from the code by flask-smorest.

Callers present an API token (``Authorization: Bearer koppel_…``), never a session
cookie, so the session's CSRF check does not apply here (:func:`init_app` exempts the
blueprint). The OpenAPI document is ``/api/v1/openapi.json``; ``/api/v1/docs`` is a
plain page that lists it, served by us (flask-smorest's Swagger UI and ReDoc load
from a CDN, which our Content-Security-Policy forbids, so they stay off).
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api, Blueprint
from flask_wtf import CSRFProtect

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Koppel API v1")

TITLE = "Koppel API"
VERSION = "1.0"


class KoppelApi(Api):
    """flask-smorest's Api without its app-wide JSON error handler: the web pages keep
    their own error pages, and the API answers problem details (:mod:`.problems`)."""

    def _register_error_handlers(self) -> None:
        return None


def init_app(app: Flask, csrf: CSRFProtect) -> KoppelApi:
    """Mount the API on ``app``: its routes, its OpenAPI document, no CSRF."""
    api = KoppelApi(
        app,
        spec_kwargs={
            "title": TITLE,
            "version": VERSION,
            "openapi_version": "3.0.3",
            "info": {"description": DESCRIPTION},
            "security": [{"token": []}],
        },
    )
    api.spec.components.security_scheme(
        "token", {"type": "http", "scheme": "bearer", "description": "koppel_…"}
    )
    csrf.exempt(bp)
    api.register_blueprint(bp)
    app.extensions["koppel.api"] = api
    return api


DESCRIPTION = """\
Buddy requests for schools' own systems.

**Tokens.** A school contact (signed in with their password) or a coordinator (with
the second factor) makes a token on the page *API-sleutels* (`/beveiliging/api-sleutels`):
read, or read and write, valid for at most a year. Send it as
`Authorization: Bearer koppel_…`. A token acts as its owner's account would on the web,
never more. No token, or an unknown, revoked or expired one: **401**. A read token on a
call that changes data: **403**. A school or request outside the owner's schools (or
regions): **404**, as if it did not exist. Too many calls with one token: **429**.

**Ids** are opaque and stable; they change only if Koppel's application secret does.

**Errors** are problem details (RFC 9457, `application/problem+json`) in Dutch, or
English with `Accept-Language: en`; `errors` lists each problem with a JSON pointer
into the body. Bodies are JSON (`Content-Type: application/json`), at most 1 MiB;
unknown fields are refused.

**Bulk create** is all-or-nothing: every row is checked by the CSV import's rules and
either all rows are stored or none, with each problem at its row (`/requests/3/level`).
"""

from webapp.api import docs, guard, problems, regions, requests  # noqa: E402,F401  (registers the routes on bp)
