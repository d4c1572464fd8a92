"""The workspace through the Flask test client: CSRF on, region scope, roles, mails, CSV."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from matcher.accounts import users
from matcher.db.models import AuditEntry, School, VolunteerProfile
from tests.web.web_helpers import csrf_token, submit
from tests.workspace.conftest import (
    add_approved_volunteer,
    add_volunteer,
    outbox_to,
    sign_in_fully,
)


def state_of(database, profile_id):
    with database.unit_of_work() as session:
        return session.get(VolunteerProfile, profile_id).screening_state


def test_a_coordinator_screens_and_approves_a_volunteer_through_the_pages(
    client, database, people, place
):
    pid = add_volunteer(database, place.utrecht, "anna@example.org")
    sign_in_fully(client, people.coordinator)
    queue = client.get("/coordinator/screening").get_data(as_text=True)
    assert "Anna" in queue and "30" in queue
    page = f"/coordinator/vrijwilligers/{pid}"
    assert "geen gevoelige details" in client.get(page).get_data(as_text=True)
    steps = [
        ("intake", {"intake-held_on": "2025-03-01", "intake-notes": "Fijn gesprek"}),
        ("vog-aanvraag", {"vog_request-requested_on": "2025-03-01"}),
        ("vog", {"vog_issued-issued_on": "2025-03-02"}),
    ]
    for action, data in steps:
        response = client.post(f"{page}/{action}", data={**data, **_token(client, page, action)})
        assert response.status_code == 302, action
    response = client.post(f"{page}/goedkeuren", data=_token(client, page, "goedkeuren"))
    assert response.status_code == 302
    assert state_of(database, pid) == "approved"
    [mail] = outbox_to(database, "anna@example.org")
    assert "goedgekeurd" in mail.subject


def _token(client, page, action):
    """The CSRF token of the form on ``page`` that posts to ``action`` (forms have prefixes)."""
    html = client.get(page).get_data(as_text=True)
    form = re.search(rf'action="[^"]*/{re.escape(action)}".*?</form>', html, re.S).group(0)
    name, value = re.search(r'name="([\w-]*csrf_token)"[^>]*value="([^"]+)"', form).groups()
    return {name: value}


def test_a_refused_step_shows_a_message_and_keeps_the_typed_reason(client, database, people, place):
    pid = add_volunteer(database, place.utrecht, "anna@example.org")
    sign_in_fully(client, people.coordinator)
    page = f"/coordinator/vrijwilligers/{pid}"
    response = client.post(f"{page}/goedkeuren", data=_token(client, page, "goedkeuren"))
    assert response.status_code == 200
    assert "Leg eerst het intakegesprek vast" in response.get_data(as_text=True)
    assert "record the intake" not in response.get_data(as_text=True)
    too_long = "x" * 501
    response = client.post(
        f"{page}/afwijzen", data={"reject-reason": too_long, **_token(client, page, "afwijzen")}
    )
    assert "Hoogstens 500 tekens" in response.get_data(as_text=True)
    assert too_long in response.get_data(as_text=True)
    response = client.post(
        f"{page}/intake",
        data={"intake-held_on": "2025-03-09", **_token(client, page, "intake")},
    )
    assert "Deze datum ligt in de toekomst." in response.get_data(as_text=True)
    assert state_of(database, pid) == "new"


def test_a_refused_step_is_explained_in_english_on_an_english_page(client, database, people, place):
    pid = add_volunteer(database, place.utrecht, "anna@example.org")
    sign_in_fully(client, people.coordinator)
    page = f"/coordinator/vrijwilligers/{pid}?lang=en"
    action = f"/coordinator/vrijwilligers/{pid}/goedkeuren"
    response = client.post(action, data=_token(client, page, "goedkeuren"))
    shown = response.get_data(as_text=True)
    assert "Record the intake conversation first; then you can approve." in shown
    assert "Leg eerst" not in shown
    assert state_of(database, pid) == "new"


def test_a_post_without_the_csrf_token_changes_nothing(client, database, people, place):
    pid = add_volunteer(database, place.utrecht, "anna@example.org", state="approved")
    sign_in_fully(client, people.coordinator)
    response = client.post(f"/coordinator/vrijwilligers/{pid}/pauzeren", data={"pause-reason": "x"})
    assert response.status_code == 400
    assert state_of(database, pid) == "approved"


def test_another_regions_volunteer_is_not_found(client, database, people, place):
    pid = add_volunteer(database, place.rotterdam, "rob@example.org", state="approved")
    sign_in_fully(client, people.coordinator)
    page = f"/coordinator/vrijwilligers/{pid}"
    assert client.get(page).status_code == 404
    token = csrf_token(client, "/coordinator/lijsten/vrijwilligers?q=x")
    response = client.post(
        f"{page}/pauzeren", data={"pause-reason": "x", "pause-csrf_token": token}
    )
    assert response.status_code == 404
    assert state_of(database, pid) == "approved"
    listing = client.get("/coordinator/lijsten/vrijwilligers").get_data(as_text=True)
    assert "rob@example.org" not in listing
    assert client.get(f"/coordinator/overzicht?regio={place.rotterdam}").status_code == 404
    assert (
        client.get(f"/coordinator/scholen/{place.rotterdam_school}/uitnodigen").status_code == 404
    )


@pytest.mark.parametrize(
    "page",
    [
        "/coordinator/screening",
        "/coordinator/overzicht",
        "/coordinator/lijsten/aanvragen",
        "/coordinator/lijsten/koppelingen.csv",
        "/beheer/",
    ],
)
def test_a_school_contact_is_refused_the_coordinator_and_admin_pages(client, people, page):
    sign_in_fully(client, people.school)
    assert client.get(page).status_code == 403


def test_a_coordinator_is_refused_the_admin_pages(client, people):
    sign_in_fully(client, people.coordinator)
    assert client.get("/beheer/coordinatoren/uitnodigen").status_code == 403


def test_the_dashboard_draws_accessible_charts_without_inline_styles(
    client, database, people, place
):
    add_volunteer(database, place.utrecht, "anna@example.org")
    sign_in_fully(client, people.coordinator)
    response = client.get("/coordinator/overzicht")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Only figures that exist get a chart; each chart's table is folded away under it.
    assert html.count('<svg class="chart" role="img"') == 1
    assert '<title id="chart-volunteers-title">' in html
    assert html.count("<summary>Toon als tabel</summary>") == 1
    assert "Er wachten nog geen leerlingen." in html
    assert "Nog geen koppelingen in deze regio." in html
    assert "style=" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/table-scroll.js" defer>',
        '<script src="/static/error-focus.js" defer>',
    ]


def test_the_csv_export_is_neutralised_scoped_and_audited(client, database, people, place):
    add_volunteer(database, place.utrecht, "=cmd()@example.org")
    add_volunteer(database, place.rotterdam, "rob@example.org")
    sign_in_fully(client, people.coordinator)
    response = client.get("/coordinator/lijsten/vrijwilligers.csv?q=cmd")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "'=cmd()@example.org" in text and "rob@" not in text
    with database.unit_of_work() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "volunteers.exported")
        ).all()
        assert entry.actor_user_id == people.coordinator.user_id


def test_an_unknown_filter_gives_a_clear_page_not_an_error(client, people):
    sign_in_fully(client, people.coordinator)
    response = client.get("/coordinator/lijsten/aanvragen?status=<script>")
    assert response.status_code == 400
    assert "<script>" not in response.get_data(as_text=True)


def test_an_invited_coordinator_sets_a_password_through_the_link(client, database, people, place):
    sign_in_fully(client, people.admin)
    taken = {"display_name": "Nieuw", "email": "admin@example.org", "regions": str(place.utrecht)}
    response = submit(client, "/beheer/coordinatoren/uitnodigen", taken)
    assert "Er is al een account met dit e-mailadres." in response.get_data(as_text=True)
    response = submit(
        client,
        "/beheer/coordinatoren/uitnodigen",
        {"display_name": "Nieuw", "email": "nieuw@example.org", "regions": str(place.utrecht)},
    )
    assert response.status_code == 302
    [mail] = outbox_to(database, "nieuw@example.org")
    link = re.search(r"https?://\S+(/uitnodiging/\S+)", mail.body_text).group(1)
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/beheer/")})
    page = client.get(link)
    assert page.status_code == 200 and "Account activeren" in page.get_data(as_text=True)
    password = "een lange zin als wachtwoord"
    response = submit(client, link, {"password": password, "password_again": password})
    assert response.status_code == 302
    assert client.get(link).status_code == 404
    with database.unit_of_work() as session:
        assert users.authenticate(session, "nieuw@example.org", password).region_ids == {
            place.utrecht
        }


def test_a_coordinator_invites_a_school_contact_for_a_school_in_their_region(
    client, database, people, place
):
    sign_in_fully(client, people.coordinator)
    assert "Utrecht College" in client.get("/coordinator/scholen").get_data(as_text=True)
    page = f"/coordinator/scholen/{place.utrecht_school}/uitnodigen"
    response = submit(client, page, {"display_name": "Mevr. Jansen", "email": "bad"})
    assert "Vul een geldig e-mailadres in" in response.get_data(as_text=True)
    response = submit(client, page, {"display_name": "Mevr. Jansen", "email": "j@school.example"})
    assert response.status_code == 302
    assert len(outbox_to(database, "j@school.example")) == 1


def test_an_admin_adds_a_school_and_a_bad_brin_is_explained(client, database, people, place):
    sign_in_fully(client, people.admin)
    data = {"name": "Nieuwe School", "brin": "1234", "vestiging": "00", "levels": "havo",
            "region": str(place.utrecht)}  # fmt: skip
    response = submit(client, "/beheer/scholen/nieuw", data)
    assert "Twee cijfers en twee letters" in response.get_data(as_text=True)
    response = submit(client, "/beheer/scholen/nieuw", {**data, "brin": "33cc"})
    assert response.status_code == 302
    response = submit(client, "/beheer/scholen/nieuw", {**data, "brin": "33cc"})
    assert "School 33CC 00 staat al in het register." in response.get_data(as_text=True)
    with database.unit_of_work() as session:
        school = session.scalars(select(School).where(School.brin == "33CC")).one()
        assert (school.name, school.levels, school.region_id) == (
            "Nieuwe School",
            ["havo"],
            place.utrecht,
        )


def test_the_screening_queue_shows_vogs_that_expire_soon(client, database, people, place):
    add_approved_volunteer(database, place.utrecht, "oud@example.org", date(2022, 3, 20))
    sign_in_fully(client, people.coordinator)
    html = client.get("/coordinator/screening").get_data(as_text=True)
    assert "VOG verloopt binnenkort" in html and "19-03-2025" in html
