"""What the school's designated contact (aandachtsfunctionaris) reaches: the concerns of
their own school, their security page, and nothing of the school contact's, the
coordinator's or the volunteer's areas."""

from __future__ import annotations

import pytest

from tests.access.roles import csrf_for
from tests.access.test_access_matrix import GONE, MOVED, NO, OK, TWO_FA, outcome
from tests.web.web_helpers import pass_second_factor, sign_in

# (method, url, expected) with the Utrecht side's ids.
# fmt: off
ROWS = [
    ("GET",  "/zorgen",                                   OK),
    ("GET",  "/zorgen/{concern}",                         OK),
    ("GET",  "/zorgen/{other_concern}",                   GONE),
    ("POST", "/zorgen/{other_concern}/ontvangen",         GONE),
    ("POST", "/zorgen/{concern}/ontvangen",               MOVED),
    ("POST", "/zorgen/{concern}/overgedragen",            MOVED),
    ("GET",  "/beveiliging",                              OK),
    ("GET",  "/school/",                                  NO),
    ("GET",  "/school/{school}/aanvragen",                NO),
    ("GET",  "/coordinator/overzicht",                    NO),
    ("GET",  "/coordinator/scholen",                      NO),
    ("GET",  "/vrijwilliger",                             NO),
    ("GET",  "/vrijwilliger/koppelingen/{match}/zorg",    NO),
    ("GET",  "/vrijwilliger/zorgen",                      NO),
    ("GET",  "/beheer/",                                  NO),
]
# fmt: on


@pytest.fixture
def designated(app, world):
    client = app.test_client()
    sign_in(client, world.utrecht.designated)
    pass_second_factor(client, world.utrecht.designated)
    return client


def test_the_designated_contact_reaches_only_their_schools_concerns(designated, world):
    token = csrf_for(designated)
    values = {"concern": world.utrecht.concern, "other_concern": world.rotterdam.concern,
              "school": world.utrecht.school, "match": world.utrecht.active_match}
    wrong = []
    for method, template, want in ROWS:
        url = template.format(**values)
        response = (designated.get(url) if method == "GET"
                    else designated.post(url, data={"csrf_token": token}))
        got = outcome(response, url)
        if got != want:
            wrong.append(f"{method} {template}: expected {want}, got {got}")
    assert wrong == []


def test_a_designated_contact_without_the_code_is_sent_to_the_second_factor(app, world):
    client = app.test_client()
    sign_in(client, world.utrecht.designated)
    url = f"/zorgen/{world.utrecht.concern}"
    assert outcome(client.get(url), url) == TWO_FA
