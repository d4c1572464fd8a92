"""Every refusal of the API as problem details (RFC 9457), in Dutch or English.

``type`` is a stable URI per kind of problem, ``title`` and ``detail`` are in the
caller's language, and ``errors`` lists one entry per problem with a JSON pointer
into the request body (``#/requests/3/level``). Nothing here ever answers 5xx for a
caller's mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import g, jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from matcher.accounts import api_tokens
from matcher.accounts.permissions import NotPermitted, OutOfScope
from matcher.requests.csv_import import InvalidFile
from matcher.requests.problems import InvalidRequest
from matcher.requests.school_requests import CannotWithdraw, RequestNotFound
from webapp.api import bp
from webapp.shared.database import database
from webapp.shared.request_problems import problem_text

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://koppel.nl/api/problemen/"

TITLES = {
    400: _l("Dit verzoek klopt niet"),
    401: _l("Geen geldige API-sleutel"),
    403: _l("Niet toegestaan met deze API-sleutel"),
    404: _l("Niet gevonden"),
    405: _l("Deze methode werkt hier niet"),
    409: _l("Dat kan niet in deze status"),
    413: _l("Het verzoek is te groot"),
    415: _l("Stuur JSON"),
    422: _l("De gegevens kloppen niet"),
    429: _l("Te veel verzoeken"),
    500: _l("Er ging iets mis"),
}
DETAILS = {
    400: _l("De body is geen geldige JSON."),
    401: _l("Stuur een geldige API-sleutel: Authorization: Bearer koppel_…"),
    403: _l("Deze API-sleutel mag alleen lezen, of uw account mag dit niet."),
    404: _l("Dit bestaat niet, of uw account mag het niet zien."),
    405: _l("Deze methode werkt hier niet."),
    409: _l("Een gekoppelde, beëindigde of ingetrokken aanvraag kan de school niet intrekken."),
    413: _l("De body is groter dan 1 MiB."),
    415: _l("Stuur de body als JSON met Content-Type: application/json."),
    422: _l("Zie errors voor wat er per veld niet klopt; er is niets opgeslagen."),
    429: _l("Probeer het later opnieuw."),
    500: _l("Er ging aan onze kant iets mis. Er is niets half opgeslagen."),
}
# marshmallow's and webargs' messages, in the caller's language.
SCHEMA_MESSAGES = {
    "Unknown field.": _l("Onbekend veld."),
    "Not a valid string.": _l("Dit moet tekst zijn."),
    "Not a valid integer.": _l("Dit moet een geheel getal zijn."),
    "Not a valid boolean.": _l("Dit moet true of false zijn."),
    "Not a valid list.": _l("Dit moet een lijst zijn."),
    "Invalid input type.": _l("Dit moet een object zijn."),
    "Field may not be null.": _l("Dit mag niet null zijn."),
    "Missing data for required field.": _l("Dit veld ontbreekt."),
    "Invalid JSON body.": _l("De body is geen geldige JSON."),
    "Invalid value.": _l("Deze waarde klopt niet."),
}


def problem(
    status: int, errors: list[dict[str, str]] | None = None, *, headers_www: bool = False
) -> Response:
    """A problem-details response with ``status``, and ``errors`` when given;
    ``headers_www`` adds the ``WWW-Authenticate`` a 401 carries."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + str(status),
        "title": str(TITLES.get(status, TITLES[400 if status < 500 else 500])),
        "status": status,
        "detail": str(DETAILS.get(status, DETAILS[400 if status < 500 else 500])),
    }
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    if headers_www:
        response.headers["WWW-Authenticate"] = 'Bearer realm="koppel"'
    return response


def schema_errors(messages: Any, pointer: str = "#") -> list[dict[str, str]]:
    """marshmallow's nested ``{field: [messages]}`` as a flat list with JSON pointers."""
    if isinstance(messages, Mapping):
        found = []
        for key, inner in messages.items():
            # webargs puts everything under the location ("json"): not part of the body.
            inner_pointer = pointer if key in ("json", "_schema") else f"{pointer}/{key}"
            found += schema_errors(inner, inner_pointer)
        return found
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return [{"pointer": pointer, "detail": _schema_text(m)} for m in messages]
    if isinstance(messages, Iterable) and not isinstance(messages, str):
        return [e for inner in messages for e in schema_errors(inner, pointer)]
    return [{"pointer": pointer, "detail": _schema_text(str(messages))}]


def _schema_text(message: str) -> str:
    known = SCHEMA_MESSAGES.get(message)
    return str(known) if known is not None else message


def _refused(reason: str) -> None:
    # Every refusal of a caller with a valid token is audited by the token's id.
    holder = g.get("api_holder")
    if holder is not None:
        database().run_in_transaction(
            lambda session: api_tokens.record_refusal(session, holder, reason)
        )


@bp.errorhandler(InvalidRequest)
def invalid_request(error: InvalidRequest) -> Response:
    return problem(422, [
        {"pointer": f"#/{p.field}", "detail": problem_text(p)} for p in error.problems
    ])


@bp.errorhandler(InvalidFile)
def invalid_rows(error: InvalidFile) -> Response:
    return problem(422, [
        {
            "pointer": "#/requests" if found.row is None else
            f"#/requests/{found.row}/{found.problem.field}",
            "detail": problem_text(found.problem),
        }
        for found in error.problems
    ])


@bp.errorhandler(CannotWithdraw)
def cannot_withdraw(_error: CannotWithdraw) -> Response:
    return problem(409)


@bp.errorhandler(NotPermitted)
def not_permitted(_error: NotPermitted) -> Response:
    _refused("forbidden")
    return problem(403)


@bp.errorhandler(OutOfScope)
@bp.errorhandler(RequestNotFound)
def not_found(_error: Exception) -> Response:
    _refused("not_found")
    return problem(404)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response | HTTPException:
    status = error.code or 500
    if status < 400:
        return error
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if status == 400 or messages is None:
        errors = [{"pointer": "#", "detail": str(DETAILS[400])}] if status == 400 else None
        response = problem(status, errors)
    else:
        response = problem(status, schema_errors(messages))
    for name, value in (getattr(error, "headers", None) or {}).items():
        response.headers[name] = value
    return response
