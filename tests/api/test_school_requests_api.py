"""The school side of the API: the happy paths, through the Flask test client."""

from __future__ import annotations

from sqlalchemy import func, select

from matcher.db.models import AuditEntry, Pupil
from tests.api.conftest import bearer, valid_body


def count(database, model=Pupil) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_write_token_creates_a_request_that_reads_back_with_its_state(
    app, write_token, school_path, database
):
    client = app.test_client()
    created = client.post(f"{school_path}/requests", json=valid_body(),
                          headers=bearer(write_token))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["reference"], body["state"], body["waiting_days"]) == ("Sara B.", "waiting", 0)
    assert body["availability"] == [{"day": "mon", "start": "15:00", "end": "17:00"}]
    assert not body["id"].isdigit() and len(body["id"]) == 26
    read = client.get(created.headers["Location"], headers=bearer(write_token))
    assert read.status_code == 200 and read.get_json() == body
    assert "Set-Cookie" not in read.headers
    assert count(database) == 1


def test_the_list_pages_with_a_cursor_and_shows_state_and_waiting_days(
    app, write_token, school_path
):
    client = app.test_client()
    for reference in ("Sara B.", "Ali K.", "Tim V."):
        response = client.post(f"{school_path}/requests", json=valid_body(reference=reference),
                               headers=bearer(write_token))
        assert response.status_code == 201
    first = client.get(f"{school_path}/requests?limit=2", headers=bearer(write_token)).get_json()
    assert [i["reference"] for i in first["items"]] == ["Sara B.", "Ali K."]
    assert {i["state"] for i in first["items"]} == {"waiting"}
    second = client.get(f"{school_path}/requests?limit=2&cursor={first['next_cursor']}",
                        headers=bearer(write_token)).get_json()
    assert [i["reference"] for i in second["items"]] == ["Tim V."]
    assert second["next_cursor"] is None


def test_withdrawing_through_the_api_is_the_schools_withdrawing(app, write_token, school_path):
    client = app.test_client()
    created = client.post(f"{school_path}/requests", json=valid_body(),
                          headers=bearer(write_token)).get_json()
    path = f"/api/v1/requests/{created['id']}"
    assert client.post(f"{path}/withdraw", headers=bearer(write_token)).status_code == 204
    assert client.get(path, headers=bearer(write_token)).get_json()["state"] == "withdrawn"
    again = client.post(f"{path}/withdraw", headers=bearer(write_token))
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"


def test_bulk_create_stores_every_row_or_none_and_names_each_bad_row(
    app, write_token, school_path, database
):
    client = app.test_client()
    rows = [valid_body(reference=f"Code {n}") for n in range(3)]
    rows[1]["level"] = "havo5"
    rows[2]["reference"] = "Code 0"
    refused = client.post(f"{school_path}/requests/bulk", json={"requests": rows},
                          headers=bearer(write_token))
    assert refused.status_code == 422
    pointers = [e["pointer"] for e in refused.get_json()["errors"]]
    assert pointers == ["#/requests/1/level", "#/requests/2/reference"]
    assert count(database) == 0
    rows[1]["level"], rows[2]["reference"] = "havo", "Code 2"
    stored = client.post(f"{school_path}/requests/bulk", json={"requests": rows},
                         headers=bearer(write_token))
    assert stored.status_code == 201 and len(stored.get_json()["ids"]) == 3
    assert count(database) == 3


def test_the_forms_rules_answer_in_dutch_and_in_english(app, write_token, school_path):
    client = app.test_client()
    body = valid_body(reference="Sara de Vries", level=None)
    del body["level"]
    dutch = client.post(f"{school_path}/requests", json=body, headers=bearer(write_token))
    english = client.post(f"{school_path}/requests", json=body,
                          headers=bearer(write_token, **{"Accept-Language": "en"}))
    assert dutch.status_code == english.status_code == 422
    assert {e["pointer"] for e in dutch.get_json()["errors"]} == {"#/reference", "#/level"}
    assert "kies een niveau" in {e["detail"] for e in dutch.get_json()["errors"]}
    assert dutch.get_json()["title"] == "De gegevens kloppen niet"
    assert english.get_json()["title"] != dutch.get_json()["title"]


def test_the_token_sees_its_schools_and_the_calls_are_audited(
    app, write_token, database, schools
):
    client = app.test_client()
    me = client.get("/api/v1/me", headers=bearer(write_token)).get_json()
    assert [s["name"] for s in me["schools"]] == ["Demo College"]
    with database.unit_of_work() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "api_token.issue" in actions
