"""The run's page while the worker carries it out: phase, counts, failure, one active run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db.models import Job, MatchingRun
from tests.matches.web_world import carry_out_queued_runs, coordinator_of, signed_in, start_run


def coordinator(app, database, places):
    return signed_in(app.test_client(), coordinator_of(database, places["utrecht"], "c@x.nl"))


def test_starting_a_run_opens_its_page_which_shows_the_phase_until_the_proposals_are_there(
    app, database, places
):
    client = coordinator(app, database, places)
    response = start_run(client, places["utrecht"], worker=False)
    run_url = response.headers["Location"]

    waiting = client.get(run_url).get_data(as_text=True)
    assert "in de wachtrij" in waiting and "run-progress.js" in waiting
    assert "<noscript>" in waiting and "Samen: Wiskunde." not in waiting
    assert client.get(run_url + "/voortgang.json").json["state"] == "queued"

    carry_out_queued_runs(app)

    done = client.get(run_url).get_data(as_text=True)
    assert "Samen: Wiskunde." in done and "run-progress.js" not in done


def test_the_progress_json_says_the_phase_the_counts_and_when_it_is_done(app, database, places):
    client = coordinator(app, database, places)
    run_url = start_run(client, places["utrecht"], worker=False).headers["Location"]
    queued = client.get(run_url + "/voortgang.json")
    carry_out_queued_runs(app)
    done = client.get(run_url + "/voortgang.json").json

    assert queued.headers["Cache-Control"] == "no-store"
    assert queued.json["phase"] == "in de wachtrij"
    assert (queued.json["done"], queued.json["failed"], queued.json["pupils"]) == (
        False, False, None)
    assert (done["state"], done["done"], done["pupils"], done["volunteers"]) == ("open", True, 3, 2)
    assert done["failure"] is None and done["url"] == run_url


def test_a_failed_run_shows_its_reason_on_its_page_and_in_the_json(app, database, places):
    client = coordinator(app, database, places)
    run_url = start_run(client, places["utrecht"], worker=False).headers["Location"]
    with database.unit_of_work() as session:
        session.scalars(select(MatchingRun)).one().parameters = {}
        session.commit()
    with pytest.raises(KeyError):  # raised again for the job queue to retry
        carry_out_queued_runs(app)

    page = client.get(run_url).get_data(as_text=True)
    status = client.get(run_url + "/voortgang.json").json
    assert "mislukt" in page
    assert "Het lezen van de leerlingen en vrijwilligers is mislukt." in page
    assert (status["failed"], status["done"]) == (True, False)
    english = client.get(run_url + "/voortgang.json?lang=en").json
    assert english["failure"] == "Reading the pupils and volunteers failed."


def test_a_second_start_while_a_run_is_queued_links_to_it_and_queues_nothing(
    app, database, places
):
    client = coordinator(app, database, places)
    first = start_run(client, places["utrecht"], worker=False).headers["Location"]
    second = start_run(client, places["utrecht"], worker=False)

    assert second.headers["Location"].endswith("/coordinator/koppelrondes")
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Er loopt al een koppelronde voor deze regio." in page
    assert f'<a href="{first}">' in page
    assert "in de wachtrij" in page  # the list names the run's state
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1
        assert session.scalar(select(func.count()).select_from(MatchingRun)) == 1
