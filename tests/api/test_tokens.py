"""API tokens: only a hash stored, refused when revoked or expired, scope and owner's reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.accounts import api_tokens, rate_limits
from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.accounts.tokens import hash_token
from matcher.db.models import ApiToken, AuditEntry, User
from matcher.shared import clock
from matcher.shared.errors import RuleViolation
from tests.api.conftest import bearer, issue, valid_body


def refusals(database) -> list[str]:
    with database.unit_of_work() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "api_token.refused")
        ).all()
        return [entry.details["reason_code"] for entry in entries]


def test_only_the_tokens_hash_is_stored_and_the_token_is_never_in_the_audit(
    database, schools, write_token
):
    with database.unit_of_work() as session:
        [row] = session.scalars(select(ApiToken)).all()
        entries = session.scalars(select(AuditEntry)).all()
        assert row.token_hash == hash_token(write_token)
        assert write_token not in repr([(e.action, e.details) for e in entries])
        assert write_token not in repr(vars(row))


def test_the_list_never_holds_the_token_and_shows_last_use(app, database, schools, write_token):
    app.test_client().get("/api/v1/me", headers=bearer(write_token))
    [summary] = database.run_in_transaction(
        lambda session: api_tokens.list_tokens(session, schools.contact)
    )
    assert summary.last_used_at is not None and summary.usable
    assert write_token not in repr(summary)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"scope": "admin"}, "scope"),
        ({"days": 366}, "expires_on"),
        ({"days": 0}, "expires_on"),
    ],
)
def test_a_token_needs_a_name_a_scope_and_at_most_a_year(database, schools, changes, field):
    values = {"name": "Systeem", "scope": "read", "days": 30, **changes}
    with pytest.raises(RuleViolation) as refused:
        database.run_in_transaction(lambda session: api_tokens.issue_token(
            session, schools.contact, name=values["name"], scope=values["scope"],
            expires_on=clock.today() + timedelta(days=values["days"])))
    assert refused.value.field == field


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.MENTOR, Role.ADMIN])
def test_roles_without_tokens_cannot_make_one(database, role):
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: api_tokens.issue_token(
            session, Actor(1, role, second_factor_passed=True), name="x", scope="read",
            expires_on=clock.today() + timedelta(days=1)))


def test_a_coordinator_without_the_second_factor_cannot_make_one(database):
    with pytest.raises(NotPermitted):
        database.run_in_transaction(lambda session: api_tokens.issue_token(
            session, Actor(1, Role.COORDINATOR), name="x", scope="read",
            expires_on=clock.today() + timedelta(days=1)))


def test_a_revoked_token_is_refused_at_once_and_audited(app, database, schools, write_token):
    [summary] = database.run_in_transaction(
        lambda session: api_tokens.list_tokens(session, schools.contact))
    database.run_in_transaction(
        lambda session: api_tokens.revoke_token(session, schools.contact, summary.id))
    response = app.test_client().get("/api/v1/me", headers=bearer(write_token))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert refusals(database) == ["revoked"]


def test_an_expired_token_is_refused_and_audited(app, database, schools):
    raw = issue(database, schools.contact, days=1)
    with clock.frozen_at(clock.now() + timedelta(days=3)):
        response = app.test_client().get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert refusals(database) == ["expired"]


def test_a_deactivated_owners_token_stops_working(app, database, schools, write_token):
    with database.unit_of_work() as session:
        session.get(User, schools.contact_id).active = False
        session.commit()
    assert app.test_client().get("/api/v1/me", headers=bearer(write_token)).status_code == 401
    assert refusals(database) == ["account_closed"]


def test_another_accounts_token_cannot_be_revoked(database, schools, write_token):
    [summary] = database.run_in_transaction(
        lambda session: api_tokens.list_tokens(session, schools.contact))
    with pytest.raises(api_tokens.ApiTokenNotFound):
        database.run_in_transaction(
            lambda session: api_tokens.revoke_token(session, schools.other_contact, summary.id))


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Basic a29wcGVs",
                                    "Bearer koppel_" + "x" * 200])
def test_no_token_or_an_unknown_one_is_401(app, school_path, header):
    headers = {"Authorization": header} if header else {}
    response = app.test_client().get(f"{school_path}/requests", headers=headers)
    assert (response.status_code, response.mimetype) == (401, "application/problem+json")


def test_a_signed_in_browser_session_is_not_a_token(app, schools, school_path):
    from tests.web.web_helpers import PASSWORD, Person, sign_in

    from .conftest import request_world

    client = app.test_client()
    sign_in(client, Person(schools.contact_id, request_world.CONTACT_EMAIL, PASSWORD, None))
    assert client.get(f"{school_path}/requests").status_code == 401
    assert client.post(f"{school_path}/requests", json=valid_body()).status_code == 401


def test_a_read_token_reads_but_may_not_write_and_is_audited(
    app, database, read_token, school_path
):
    client = app.test_client()
    assert client.get(f"{school_path}/requests", headers=bearer(read_token)).status_code == 200
    response = client.post(f"{school_path}/requests", json=valid_body(),
                           headers=bearer(read_token))
    assert response.status_code == 403
    assert refusals(database) == ["read_only"]


def test_another_schools_requests_are_not_found_and_audited(app, database, schools):
    from matcher.shared.public_ids import PublicIds

    other = issue(database, schools.other_contact)
    mine = issue(database, schools.contact)
    client = app.test_client()
    ids = PublicIds(app.secret_key.encode(), "school")
    created = client.post(f"/api/v1/schools/{ids.encode(schools.school_id)}/requests",
                          json=valid_body(), headers=bearer(mine)).get_json()
    assert client.get(f"/api/v1/requests/{created['id']}", headers=bearer(other)).status_code \
        == 404
    assert client.post(f"/api/v1/requests/{created['id']}/withdraw",
                       headers=bearer(other)).status_code == 404
    assert client.get(f"/api/v1/schools/{ids.encode(schools.school_id)}/requests",
                      headers=bearer(other)).status_code == 404
    assert refusals(database) == ["not_found"] * 3


def test_too_many_calls_with_one_token_are_429(app, database, schools, write_token, monkeypatch):
    monkeypatch.setattr(rate_limits, "API_TOKEN", (
        rate_limits.Limit("api_token", 2, timedelta(minutes=5), ("token",)),))
    client = app.test_client()
    answers = [client.get("/api/v1/me", headers=bearer(write_token)).status_code
               for _ in range(3)]
    assert answers == [200, 200, 429]
    other = issue(database, schools.contact)
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200
