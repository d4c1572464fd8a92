"""Every API operation × every kind of token, written out by hand like the route matrix.

A token acts as its owner's account: Utrecht's school contact and coordinator reach
Utrecht's school and requests; Rotterdam's reach nothing of it (404, as if it did not
exist); a read token may not change anything (403); no token is 401. POST rows whose
token may write send a body the rules refuse (422), so only the withdraw row changes
anything, and it comes last.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from matcher.accounts import api_tokens
from matcher.db.models import School
from matcher.shared import clock
from matcher.shared.public_ids import PublicIds
from tests.db.rows import pupil
from tests.matches.world import actor_of

KINDS = ("school write", "school read", "other school", "coordinator write",
         "coordinator read", "other coordinator", "none")
# fmt: off
# (method, path, body, the outcome per token kind in the order of KINDS)
TABLE = [
    ("GET", "/api/v1/me", None,
     (200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/schools/{school}/requests", None,
     (200, 200, 404, 200, 200, 404, 401)),
    ("POST", "/api/v1/schools/{school}/requests", {},
     (422, 403, 404, 422, 403, 404, 401)),
    ("POST", "/api/v1/schools/{school}/requests/bulk", {"requests": []},
     (422, 403, 404, 422, 403, 404, 401)),
    ("GET", "/api/v1/requests/{waiting}", None,
     (200, 200, 404, 200, 200, 404, 401)),
    ("GET", "/api/v1/regions/{region}/waiting-pupils", None,
     (403, 403, 403, 200, 200, 404, 401)),
]
# The withdraw, in this order: refusals first, then the school withdraws, then it is too late.
WITHDRAW = [("school read", 403), ("other school", 404), ("coordinator read", 403),
            ("other coordinator", 404), ("none", 401), ("school write", 204),
            ("coordinator write", 409)]
# fmt: on


@pytest.fixture
def tokens(database, world) -> dict[str, str | None]:
    owners = {
        "school write": (world.utrecht.contact, "write"),
        "school read": (world.utrecht.contact, "read"),
        "other school": (world.rotterdam.contact, "write"),
        "coordinator write": (world.utrecht.coordinator, "write"),
        "coordinator read": (world.utrecht.coordinator, "read"),
        "other coordinator": (world.rotterdam.coordinator, "write"),
    }

    def issue(person, scope):
        return database.run_in_transaction(lambda session: api_tokens.issue_token(
            session, actor_of(session, person.user_id), name=scope, scope=scope,
            expires_on=clock.today() + timedelta(days=30))).raw

    return {**{kind: issue(*owner) for kind, owner in owners.items()}, "none": None}


def ask(client, method, url, body, raw):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, json=body, headers=headers)


def urls(app, world) -> dict[str, str]:
    secret = app.secret_key.encode()
    return {"school": PublicIds(secret, "school").encode(world.utrecht.school),
            "waiting": PublicIds(secret, "pupil").encode(world.utrecht.waiting_pupil),
            "region": PublicIds(secret, "region").encode(world.utrecht.region)}


def test_each_token_gets_exactly_the_outcome_the_table_lists(app, world, tokens):
    client = app.test_client()
    values = urls(app, world)
    wrong = []
    for method, path, body, expected in TABLE:
        for kind, want in zip(KINDS, expected, strict=True):
            got = ask(client, method, path.format(**values), body, tokens[kind]).status_code
            if got != want:
                wrong.append(f"{method} {path} with {kind}: expected {want}, got {got}")
    assert wrong == []


def test_a_coordinators_token_reads_the_regions_waiting_pupils_as_the_export_shows_them(
    app, world, tokens, database
):
    with database.unit_of_work() as session:
        school = session.get(School, world.utrecht.school)
        waiting = pupil("UTR-WACHT", school=school, state="waiting", waiting_since=clock.now())
        session.add(waiting)
        session.commit()
        waiting_id = waiting.id
    client = app.test_client()
    values = urls(app, world)
    page = ask(client, "GET", "/api/v1/regions/{region}/waiting-pupils".format(**values),
               None, tokens["coordinator read"]).get_json()
    assert [item["id"] for item in page["items"]] == [
        PublicIds(app.secret_key.encode(), "pupil").encode(waiting_id)
    ]
    assert page["items"][0] == {**page["items"][0], "reference": "UTR-WACHT", "state": "waiting",
                                "waiting_days": 0, "subjects": ["wiskunde"]}
    assert set(page["items"][0]) == {"id", "reference", "school", "school_year", "level",
                                     "subjects", "priority", "state", "waiting_days"}
    me = ask(client, "GET", "/api/v1/me", None, tokens["coordinator read"]).get_json()
    assert [region["id"] for region in me["regions"]] == [values["region"]]


def test_withdrawing_answers_each_token_as_its_owner_would(app, world, tokens):
    client = app.test_client()
    url = "/api/v1/requests/{waiting}/withdraw".format(**urls(app, world))
    got = [(kind, ask(client, "POST", url, None, tokens[kind]).status_code)
           for kind, _want in WITHDRAW]
    assert got == WITHDRAW
