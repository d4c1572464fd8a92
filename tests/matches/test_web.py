"""The coordinator's run and proposals pages and the volunteer's answer page, over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta

import orjson
from sqlalchemy import select

from matcher.db.models import AuditEntry, Match, OutboxMail
from matcher.deletion import expiry, retention
from matcher.shared import clock
from tests.matches.web_world import coordinator_of, signed_in, start_run
from tests.web.web_helpers import csrf_token, submit


def test_a_coordinator_runs_matching_and_reads_explanations_in_dutch(app, database, places):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    response = start_run(client, places["utrecht"])
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Samen: Wiskunde." in page
    assert "2 uur per week gemeenschappelijk vrij." in page
    assert "Ontmoeten online." in page
    assert "urgere leerlingen" in page or "even urgent" in page


def test_a_post_without_the_csrf_token_is_refused(app, database, places):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    response = client.post("/coordinator/koppelrondes", data={"region": places["utrecht"]})
    assert response.status_code == 400


def test_a_coordinator_of_utrecht_gets_404_for_a_rotterdam_run_and_its_downloads(
    app, database, places
):
    rotterdam = signed_in(app.test_client(),
                          coordinator_of(database, places["rotterdam"], "r@x.nl"))
    run_url = start_run(rotterdam, places["rotterdam"]).headers["Location"]
    utrecht = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "u@x.nl"))
    assert utrecht.get(run_url).status_code == 404
    assert utrecht.get(run_url + "/instance.json").status_code == 404
    assert start_run(utrecht, places["rotterdam"]).status_code == 404


def test_downloads_are_opaque_json_and_written_to_the_audit_log(app, database, places):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    instance = client.get(run_url + "/instance.json")
    result = client.get(run_url + "/resultaat.json")
    assert instance.mimetype == "application/json"
    assert orjson.loads(instance.data)["schema"] == "koppel.instance/1"
    assert orjson.loads(result.data)["schema"] == "koppel.result/1"
    assert b"Volunteer Naam" not in instance.data and b"REF-" not in instance.data
    with database.unit_of_work() as session:
        parts = list(session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "matching_run_downloaded")))
    assert parts == [{"part": "instance"}, {"part": "resultaat"}]


def test_rejecting_needs_a_reason_and_approving_mails_a_link_the_volunteer_can_answer(
    app, database, places
):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    with database.unit_of_work() as session:
        first, second = session.scalars(select(Match.id).order_by(Match.id)).all()[:2]
    decide = run_url + "/besluiten"
    token = csrf_token(client, run_url)
    refused = client.post(decide, data={"csrf_token": token, "action": "reject",
                                        "voorstel": [str(first)]}, follow_redirects=True)
    assert "Geef een reden" in refused.get_data(as_text=True)
    client.post(decide, data={"csrf_token": token, "action": "reject", "reason": "te ver",
                              "voorstel": [str(first)]})
    client.post(decide, data={"csrf_token": token, "action": "approve",
                              "alleen": str(second)})
    with database.unit_of_work() as session:
        states = [session.get(Match, first).state, session.get(Match, second).state]
        body = session.scalars(select(OutboxMail.body_text)).one()
    assert states == ["rejected", "approved"]

    link = re.search(r"https://koppel\.test(/koppeling/\S+)", body).group(1)
    volunteer = app.test_client()
    page = volunteer.get(link)
    assert page.status_code == 200 and "Ja, ik word maatje" in page.get_data(as_text=True)
    assert volunteer.post(link, data={"antwoord": "ja"}).status_code == 400  # no CSRF token
    answered = submit(volunteer, link, {"antwoord": "ja"})
    assert "U bent maatje van" in answered.get_data(as_text=True)
    assert volunteer.get(link).status_code == 404
    with database.unit_of_work() as session:
        assert session.get(Match, second).state == "active"


def test_a_run_page_still_opens_once_retention_has_emptied_the_run_and_its_explanations(
    app, database, places
):
    client = signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    with database.unit_of_work() as session, clock.frozen_at(clock.now() + timedelta(days=800)):
        for match in session.scalars(select(Match)):
            retention.anonymise(session, match)
        assert expiry.empty_old_runs(session) == 1
        session.commit()
    response = client.get(run_url)
    assert response.status_code == 200
    assert "Samen: Wiskunde." not in response.get_data(as_text=True)
    assert client.get(run_url + "/instance.json").status_code == 404
    assert client.get(run_url + "/resultaat.json").status_code == 404
