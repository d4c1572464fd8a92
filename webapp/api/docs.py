"""The OpenAPI document and a readable page of it, both public and served by us.

The page is rendered here from the same document rather than by Swagger UI or
ReDoc, which load scripts from a CDN that the Content-Security-Policy refuses.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, render_template
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.api import bp
from webapp.api.problems import problem
from webapp.shared.access import requires

_METHODS = ("get", "post", "put", "patch", "delete")


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of this app's API."""
    return current_app.extensions["koppel.api"].spec.to_dict()


@bp.get("/openapi.json")
@requires(Permission.PUBLIC)
@bp.doc(security=[])
def openapi_json() -> Response:
    return jsonify(openapi_document())


@bp.get("/docs")
@requires(Permission.PUBLIC)
@bp.doc(security=[])
def docs() -> str:
    spec = openapi_document()
    operations = [
        {"method": method.upper(), "path": path, **spec["paths"][path][method]}
        for path in spec["paths"]
        for method in _METHODS
        if method in spec["paths"][path]
    ]
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/docs.html", spec=spec, operations=operations, schemas=schemas)


@bp.route("/<path:unknown>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@bp.doc(security=[], responses={"404": {"description": "Not found (problem details)"}})
def unknown_path(unknown: str) -> Response:
    """Any other path under ``/api/v1``: not found, as problem details too."""
    return problem(404)
