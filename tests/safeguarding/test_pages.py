"""Concerns through the web: the volunteer's form, the handler's page and its steps."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matcher.db.models import Concern, OutboxMail
from tests.safeguarding.web import client_for
from tests.safeguarding.world import OBSERVATION, TODAY, WORDS
from tests.web.web_helpers import csrf_token, submit


def form_url(match_id: int) -> str:
    return f"/vrijwilliger/koppelingen/{match_id}/zorg"


def concern_form(**changes) -> dict[str, str]:
    return {"observation": OBSERVATION, "observed_on": TODAY.isoformat(),
            "pupil_words": WORDS, "in_danger": "nee", "key": "vaste-sleutel", **changes}


def raise_one(client, match_id: int, **changes):
    return submit(client, form_url(match_id), concern_form(**changes))


def test_the_match_page_and_the_worried_help_lead_to_the_form(app, database, sides):
    utrecht, _ = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    page = volunteer.get("/vrijwilliger/koppelingen").get_data(as_text=True)
    assert form_url(utrecht.match) in page
    form = volunteer.get(form_url(utrecht.match)).get_data(as_text=True)
    assert "Ik maak me zorgen" in form and "0800-2000" in form and "112" in form


def test_a_double_submit_stores_one_concern_and_in_danger_shows_112(app, database, sides):
    utrecht, _ = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    first = raise_one(volunteer, utrecht.match, in_danger="ja")
    second = raise_one(volunteer, utrecht.match, in_danger="ja")
    for response in (first, second):
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "bel 112" in page and "0800-2000" in page
    with database.unit_of_work() as session:
        assert len(session.scalars(select(Concern)).all()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"observation": ""}, "Schrijf op wat u zag of hoorde."),
        ({"observed_on": "2999-01-01"}, "Deze datum ligt in de toekomst."),
        ({"observed_on": "gisteren"}, "Vul een datum in."),
        ({"in_danger": ""}, "Kies ja of nee"),
        ({"pupil_words": "x" * 1001}, "Hoogstens 1000 tekens."),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_stores_nothing(
    app, database, sides, changes, message
):
    utrecht, _ = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    response = raise_one(volunteer, utrecht.match, **changes)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.scalars(select(Concern)).all() == []


def test_the_designated_contact_reads_acknowledges_and_hands_over_the_volunteer_sees_it(
    app, database, sides
):
    utrecht, _ = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    raise_one(volunteer, utrecht.match)
    with database.unit_of_work() as session:
        concern_id = session.scalar(select(Concern.id))
        mails = [m.body_text for m in session.scalars(select(OutboxMail))]
    assert mails and not any(OBSERVATION in body or WORDS in body for body in mails)
    assert "verstuurd" in volunteer.get("/vrijwilliger/zorgen").get_data(as_text=True)

    designated = client_for(app, database, utrecht.designated)
    assert f"/zorgen/{concern_id}" in designated.get("/zorgen").get_data(as_text=True)
    page = designated.get(f"/zorgen/{concern_id}").get_data(as_text=True)
    assert OBSERVATION in page and WORDS in page
    url = f"/zorgen/{concern_id}"
    assert submit(designated, url, {}, action=f"{url}/ontvangen").status_code == 302
    assert "ontvangen" in volunteer.get("/vrijwilliger/zorgen").get_data(as_text=True)
    assert submit(designated, url, {}, action=f"{url}/overgedragen").status_code == 302
    page = designated.get(url).get_data(as_text=True)
    assert "eigen dossier van de school" in page
    mine = volunteer.get("/vrijwilliger/zorgen").get_data(as_text=True)
    assert "opgepakt" in mine and OBSERVATION not in mine


def test_the_school_contact_of_the_same_school_and_others_get_404(app, database, sides):
    utrecht, rotterdam = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    raise_one(volunteer, utrecht.match)
    with database.unit_of_work() as session:
        concern_id = session.scalar(select(Concern.id))
    school = client_for(app, database, utrecht.school_contact, second_factor=False)
    other = client_for(app, database, rotterdam.designated)
    for client in (school, other, volunteer):
        assert client.get(f"/zorgen/{concern_id}").status_code == 404
    token = csrf_token(other, "/zorgen")
    response = other.post(f"/zorgen/{concern_id}/ontvangen", data={"csrf_token": token})
    assert response.status_code == 404
    with database.unit_of_work() as session:
        assert session.get(Concern, concern_id).state == "raised"


def test_the_volunteer_cannot_open_the_form_for_another_match(app, database, sides):
    utrecht, rotterdam = sides
    volunteer = client_for(app, database, utrecht.volunteer_user, second_factor=False)
    assert volunteer.get(form_url(rotterdam.match)).status_code == 404
    assert raise_one(volunteer, rotterdam.match).status_code == 404


def test_a_designated_contact_lands_on_the_concerns_after_the_second_factor(
    app, database, sides
):
    utrecht, _ = sides
    designated = client_for(app, database, utrecht.designated)
    response = designated.get("/zorgen")
    assert response.status_code == 200
    assert re.search(r"Zorgen over leerlingen", response.get_data(as_text=True))
