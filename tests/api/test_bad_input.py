"""Bad input to the API: 4xx problem details, never a 500, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db.models import Pupil
from tests.api.conftest import bearer, valid_body

PROBLEM = "application/problem+json"


def stored(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Pupil))


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"reference": ', "application/json", 400),
        (b"\xff\xfe not utf-8", "application/json", 400),
        (b"reference=Sara", "application/x-www-form-urlencoded", 415),
        (b'{"reference": "Sara B."}', "text/plain", 415),
        (b"[1, 2, 3]", "application/json", 422),
        (b'"just text"', "application/json", 422),
        (b"null", "application/json", 422),
        (b'{"unknown": 1}', "application/json", 422),
        (b'{"school_year": "twee"}', "application/json", 422),
        (b'{"subjects": "wiskunde"}', "application/json", 422),
        (b'{"availability": [{"day": "mon", "hour": 3}]}', "application/json", 422),
        (b'{"consent": "misschien"}', "application/json", 422),
        (b'{"school_year": 1e400}', "application/json", 422),
        (b'{"school_year": 99999999999999999999999}', "application/json", 422),
        (b'{"reference": "Sara\\u0000B."}', "application/json", 422),
    ],
)
def test_a_malformed_body_is_a_problem_and_stores_nothing(
    app, write_token, school_path, database, body, content_type, status
):
    response = app.test_client().post(f"{school_path}/requests", data=body,
                                      content_type=content_type, headers=bearer(write_token))
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == status
    assert stored(database) == 0


def test_a_body_over_one_mebibyte_is_refused_before_it_is_read(
    app, write_token, school_path, database
):
    big = b'{"reference": "' + b"x" * (1024 * 1024) + b'"}'
    response = app.test_client().post(f"{school_path}/requests", data=big,
                                      content_type="application/json",
                                      headers=bearer(write_token))
    assert (response.status_code, response.mimetype) == (413, PROBLEM)
    assert stored(database) == 0


def test_unknown_fields_are_named_in_the_errors(app, write_token, school_path):
    response = app.test_client().post(f"{school_path}/requests",
                                      json=valid_body(name="Sara de Vries"),
                                      headers=bearer(write_token))
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"pointer": "#/name", "detail": "Onbekend veld."}]


def test_a_bulk_call_over_500_rows_stores_nothing(app, write_token, school_path, database):
    rows = [valid_body(reference=f"Code {n}") for n in range(501)]
    response = app.test_client().post(f"{school_path}/requests/bulk", json={"requests": rows},
                                      headers=bearer(write_token))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "#/requests"
    assert stored(database) == 0


@pytest.mark.parametrize("path", ["/requests/12", "/requests/" + "a" * 26,
                                  "/requests/%00%ff", "/nothing-here"])
def test_ids_that_are_not_ours_are_not_found(app, write_token, path):
    response = app.test_client().get("/api/v1" + path, headers=bearer(write_token))
    assert (response.status_code, response.mimetype) == (404, PROBLEM)


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=abc", "cursor=xyz"])
def test_a_bad_page_is_a_problem(app, write_token, school_path, query):
    response = app.test_client().get(f"{school_path}/requests?{query}",
                                     headers=bearer(write_token))
    assert response.status_code in (404, 422)
    assert response.mimetype == PROBLEM
