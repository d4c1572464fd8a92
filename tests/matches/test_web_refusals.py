"""Refused reasons on the matching pages, over HTTP with CSRF on: said in the page's
language next to the field, what was typed kept, nothing changed, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import Match, OutboxMail, VolunteerProfile
from tests.matches.test_web_lifecycle import active_match, ids_in
from tests.matches.web_world import coordinator_of, signed_in, start_run
from tests.matches.world import ANSWER_LINK
from tests.web.web_helpers import csrf_token

TOO_LONG = "x" * 1001

# (language, no reason, too long, unknown end reason)
WORDING = {
    "nl": ("Geef een reden.", "Hoogstens 1000 tekens.", "Kies een reden uit de lijst."),
    "en": ("Give a reason.", "At most 1000 characters.", "Choose a reason from the list."),
}
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


@pytest.fixture
def utrecht(app, database, places):
    """A signed-in Utrecht coordinator, the region's pupil and volunteer ids."""
    person = coordinator_of(database, places["utrecht"], "u@x.nl")
    return signed_in(app.test_client(), person), *ids_in(database, places["utrecht"])


def states(database, match_ids: list[int]) -> list[str]:
    with database.unit_of_work() as session:
        return [session.get(Match, m).state for m in match_ids]


def in_language(client, language: str) -> None:
    """Choose the page language the way a visitor does (remembered in the session)."""
    assert client.get(f"/?lang={language}").status_code == 200


@LANGUAGES
@pytest.mark.parametrize(("reason", "which"), [("   ", 0), (TOO_LONG, 1)])
def test_rejecting_with_a_missing_or_too_long_reason_is_said_at_the_field_and_decides_nothing(
    utrecht, database, places, language, reason, which
):
    client, _pupils, _volunteers = utrecht
    in_language(client, language)
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    with database.unit_of_work() as session:
        ticked = session.scalars(select(Match.id).order_by(Match.id)).all()[:2]
    response = client.post(run_url + "/besluiten", data={
        "csrf_token": csrf_token(client, run_url), "action": "reject", "reason": reason,
        "voorstel": [str(m) for m in ticked],
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert WORDING[language][which] in page
    assert "reason: " not in page  # the use case's one-liner for commands
    for match_id in ticked:
        assert f'value="{match_id}" id="v{match_id}" checked' in page
    if reason.strip():
        assert TOO_LONG in page
    assert states(database, ticked) == ["proposed", "proposed"]


@LANGUAGES
def test_declining_with_a_too_long_reason_is_said_and_the_link_keeps_working(
    app, utrecht, database, places, language
):
    client, _pupils, _volunteers = utrecht
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    with database.unit_of_work() as session:
        first = session.scalars(select(Match.id).order_by(Match.id)).first()
    client.post(run_url + "/besluiten", data={
        "csrf_token": csrf_token(client, run_url), "action": "approve", "alleen": str(first)})
    with database.unit_of_work() as session:
        body = session.scalars(select(OutboxMail.body_text)).one()
    link = "/koppeling/" + ANSWER_LINK.search(body).group(1)
    volunteer = app.test_client()
    in_language(volunteer, language)
    response = volunteer.post(link, data={
        "csrf_token": csrf_token(volunteer, link), "antwoord": "nee", "reason": TOO_LONG})
    assert response.status_code == 200
    assert WORDING[language][1] in response.get_data(as_text=True)
    assert states(database, [first]) == ["approved"]
    assert volunteer.get(link).status_code == 200


@LANGUAGES
@pytest.mark.parametrize(
    ("fields", "which"),
    [({"reason_code": "", "note": ""}, 2),
     ({"reason_code": "made_up", "note": ""}, 2),
     ({"reason_code": "no_click", "note": TOO_LONG}, 1)],
)
def test_ending_with_an_unknown_reason_or_too_long_a_note_is_said_at_the_field(
    utrecht, database, language, fields, which
):
    client, pupils, volunteers = utrecht
    in_language(client, language)
    match_id = active_match(database, pupils[0], volunteers[0])
    file = f"/coordinator/leerlingen/{pupils[0]}"
    response = client.post(f"/coordinator/koppelingen/{match_id}/beeindigen",
                           data={"csrf_token": csrf_token(client, file), **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert WORDING[language][which] in page
    assert "reason_code: " not in page and "reason: " not in page
    assert states(database, [match_id]) == ["active"]


@LANGUAGES
def test_too_long_an_override_reason_for_a_match_by_hand_is_said_at_the_field(
    utrecht, database, language
):
    client, pupils, volunteers = utrecht
    in_language(client, language)
    with database.unit_of_work() as session:
        session.get(VolunteerProfile, volunteers[0]).subjects = ["engels"]
        session.commit()
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    response = client.post(check, data={"csrf_token": csrf_token(client, check),
                                        "override_reason": TOO_LONG})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert WORDING[language][1] in page and TOO_LONG in page
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id)) is None
