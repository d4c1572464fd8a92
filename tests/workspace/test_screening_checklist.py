"""Issue 17 item 5: the screening queue tells two volunteers with the same name apart, and
the volunteer's page is the intake's checklist — what the person offers, the steps done,
and "Goedkeuren" only enabled when the rules of approving allow it."""

from __future__ import annotations

from datetime import date

from tests.web.web_helpers import csrf_token
from tests.workspace.conftest import add_volunteer, sign_in_fully


def test_the_queue_shows_sign_up_date_place_and_address_beside_the_name(
    client, database, people, place
):
    add_volunteer(database, place.utrecht, "anna@example.org", postcode="3511AB")
    add_volunteer(database, place.utrecht, "anna@elders.example", postcode="3581")
    sign_in_fully(client, people.coordinator)
    page = client.get("/coordinator/screening").get_data(as_text=True)
    assert page.count(">Anna</a>") == 2
    assert "anna@example.org" in page and "anna@elders.example" in page
    assert "3511 Utrecht" in page
    assert "Aangemeld op" in page


def test_the_page_lists_what_the_intake_needs_and_approving_waits_for_the_rules(
    client, database, people, place
):
    pid = add_volunteer(database, place.utrecht, "anna@example.org", postcode="3511",
                        phone="0612345678", capacity=2, mode="both")
    sign_in_fully(client, people.coordinator)
    page = client.get(f"/coordinator/vrijwilligers/{pid}").get_data(as_text=True)
    for shown in ("0612345678", "3511 Utrecht", "maandag 15:00–17:00", "Aantal leerlingen",
                  ">2<", "nog niet aangevraagd"):
        assert shown in page, shown
    assert '<button type="submit" class="button" disabled aria-describedby="approve-blocked">' \
        in page
    assert "Leg eerst het intakegesprek vast" in page


def test_with_intake_and_a_valid_vog_the_vog_reads_received_and_approving_is_enabled(
    client, database, people, place
):
    pid = add_volunteer(database, place.utrecht, "anna@example.org", state="awaiting_intake",
                        intake_on=date(2025, 2, 10), vog_requested_on=date(2025, 2, 11),
                        vog_issued_on=date(2025, 2, 20))
    sign_in_fully(client, people.coordinator)
    page = client.get(f"/coordinator/vrijwilligers/{pid}").get_data(as_text=True)
    assert "ontvangen op 20-02-2025" in page
    assert "gehouden op 10-02-2025" in page
    assert "disabled" not in page.split("Besluit", 1)[1]
    response = client.post(
        f"/coordinator/vrijwilligers/{pid}/goedkeuren",
        data={"approve-csrf_token": csrf_token(client, f"/coordinator/vrijwilligers/{pid}")},
    )
    assert response.status_code == 302
