"""Random JSON thrown at the create and bulk calls: never a 5xx, nothing stored on a 4xx,
and a 201 stored exactly what it says."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matcher.db.models import Pupil
from tests.api.conftest import bearer, valid_body

FIELDS = list(valid_body()) + ["priority", "priority_reason", "needs_language", "mentor"]
scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False) | st.text(max_size=40))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)
# Mostly the real fields with odd values, sometimes a real request with one field spoilt.
request_like = (
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), json_values, max_size=14)
    | st.builds(lambda field, value: valid_body(**{field: value}),
                st.sampled_from(FIELDS), json_values)
    | st.builds(lambda n: valid_body(reference=f"Code {n}"), st.integers(0, 10**6))
)
bodies = json_values | request_like
bulk_bodies = (json_values | st.builds(lambda rows: {"requests": rows},
                                       st.lists(request_like, max_size=5)))
shared_world = settings(suppress_health_check=[HealthCheck.too_slow,
                                               HealthCheck.function_scoped_fixture])


def stored(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Pupil))


def check(client, database, url: str, body, token: str, created) -> None:
    before = stored(database)
    response = client.post(url, data=json.dumps(body), content_type="application/json",
                           headers=bearer(token))
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        assert stored(database) == before
    else:
        assert response.status_code == 201
        assert stored(database) == before + created(response.get_json())


def test_random_bodies_to_create_never_break_it(app, database, write_token, school_path):
    client = app.test_client()

    @shared_world
    @given(bodies)
    def send(body) -> None:
        check(client, database, f"{school_path}/requests", body, write_token, lambda _r: 1)

    send()


def test_random_bodies_to_bulk_create_never_break_it(app, database, write_token, school_path):
    client = app.test_client()

    @shared_world
    @given(bulk_bodies)
    def send(body) -> None:
        check(client, database, f"{school_path}/requests/bulk", body, write_token,
              lambda answer: len(answer["ids"]))

    send()
