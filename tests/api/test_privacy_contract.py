"""Privacy by contract: every field an API response holds is an inventoried column that
every role which may call the operation with a token may see.

The walk starts at the OpenAPI document (what callers are promised), follows each
operation's responses into nested schemas, and looks each field up in
``webapp.api.schemas.FIELD_COLUMNS``. A field without a column, a column the
inventory does not know, or a column whose audience lacks a calling role fails.
"""

from __future__ import annotations

import re

import pytest

from matcher.accounts.permissions import ROLES_FOR, Permission
from matcher.privacy import inventory
from tests.web.web_helpers import settings
from webapp import create_app
from webapp.api.schemas import FIELD_COLUMNS, NO_ONES_DATA

TOKEN_ROLES = {role.value for role in ROLES_FOR[Permission.MANAGE_OWN_API_TOKENS]}


@pytest.fixture(scope="module")
def app():
    return create_app(settings())


def operations(app):
    """(method, path, endpoint, operation) for every operation of the document."""
    spec = app.extensions["koppel.api"].spec.to_dict()
    adapter = app.url_map.bind("koppel.test")
    for path, methods in spec["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            endpoint, _args = adapter.match(concrete, method=method.upper())
            yield method.upper(), path, endpoint, operation


def callers(app, endpoint: str) -> set[str]:
    """The roles that may call ``endpoint`` with a token: the token roles its permission
    allows."""
    permission = app.view_functions[endpoint].required_permission
    return TOKEN_ROLES & {role.value for role in ROLES_FOR.get(permission, ())}


def fields_of(spec: dict, schema: dict, name: str | None, seen: tuple = ()):
    """(schema name, field, property) for every field reachable from ``schema``."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        schema = spec["components"]["schemas"][name]
        seen = (*seen, name)
    if schema.get("type") == "array":
        yield from fields_of(spec, schema["items"], name, seen)
        return
    for field, about in schema.get("properties", {}).items():
        yield name, field, about
        inner = about.get("items", about)
        if "$ref" in inner:
            yield from fields_of(spec, inner, name, seen)


def response_fields(app):
    spec = app.extensions["koppel.api"].spec.to_dict()
    for method, path, endpoint, operation in operations(app):
        for status, response in operation.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            for media in response.get("content", {}).values():
                for name, field, about in fields_of(spec, media["schema"], None):
                    yield f"{method} {path}", endpoint, name, field, about


def test_the_document_has_response_fields_to_check(app):
    assert len(list(response_fields(app))) > 20


def test_every_response_field_is_an_inventoried_column_its_callers_may_see(app):
    wrong = []
    for operation, endpoint, schema, field, about in response_fields(app):
        roles = callers(app, endpoint)
        mapped = FIELD_COLUMNS.get(schema, {})
        if field not in mapped:
            wrong.append(f"{operation}: {schema}.{field} names no inventory column")
            continue
        column = mapped[field]
        if column == NO_ONES_DATA and about.get("type") == "string":
            continue
        if column is None:
            if "$ref" not in about.get("items", about):
                wrong.append(f"{operation}: {schema}.{field} is no nested schema")
            continue
        table, _, name = column.partition(".")
        try:
            audience = inventory.entry(table, name).roles
        except KeyError:
            wrong.append(f"{operation}: {schema}.{field} → {column} is not inventoried")
            continue
        if not roles <= audience:
            wrong.append(f"{operation}: {schema}.{field} → {column} is not for "
                         f"{sorted(roles - audience)}")
    assert wrong == []


def test_the_walk_fails_on_a_field_without_a_column(app, monkeypatch):
    monkeypatch.setitem(FIELD_COLUMNS, "School", {"id": "schools.id"})
    with pytest.raises(AssertionError, match=r"School\.name names no inventory column"):
        test_every_response_field_is_an_inventoried_column_its_callers_may_see(app)


def test_the_walk_fails_on_a_column_the_caller_may_not_see(app, monkeypatch):
    monkeypatch.setitem(FIELD_COLUMNS, "School", {"id": "schools.id", "name": "pupils.latitude"})
    with pytest.raises(AssertionError, match=r"pupils\.latitude is not for \['school'\]"):
        test_every_response_field_is_an_inventoried_column_its_callers_may_see(app)
