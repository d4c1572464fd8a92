"""Every signed-in page carries its role's navigation, with the current page marked."""

from __future__ import annotations

import re

import pytest
from web_helpers import pass_second_factor, sign_in

COORDINATOR_ITEMS = [
    "Overzicht",
    "Vraagt aandacht",
    "Lopende koppels",
    "Stopverzoeken",
    "Screening",
    "Vrijwilligers",
    "Aanvragen",
    "Koppelingen",
    "Scholen",
    "Koppelrondes",
    "Rapportage",
    "Handmatig",
]


def navigation(page: str) -> list[tuple[str, str]]:
    """(marking, label) of each link in the role navigation; marking is '' when unmarked."""
    found = re.search(r'<nav class="role-nav"[^>]*>(.*?)</nav>', page, re.S)
    assert found, "the page has no role navigation"
    links = re.findall(r'<a href="[^"]+"(?: aria-current="(\w+)")?>([^<]+)</a>', found.group(1))
    return [(marking, label.strip()) for marking, label in links]


def test_the_landing_page_invites_volunteers_to_sign_up(client):
    page = client.get("/").get_data(as_text=True)
    assert (
        '<a class="button" href="/vrijwilliger/aanmelden">Meld u aan als vrijwilliger</a>' in page
    )


def test_visitors_who_are_not_signed_in_see_no_role_navigation(client):
    assert 'class="role-nav"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/coordinator/overzicht", "Overzicht"),
        ("/coordinator/aandacht", "Vraagt aandacht"),
        ("/coordinator/screening", "Screening"),
        ("/coordinator/lijsten/aanvragen", "Aanvragen"),
        ("/coordinator/scholen", "Scholen"),
        ("/coordinator/koppelrondes", "Koppelrondes"),
        ("/coordinator/lopende-koppels", "Lopende koppels"),
        ("/coordinator/rapportage", "Rapportage"),
        ("/coordinator/handmatig", "Handmatig"),
    ],
)
def test_a_coordinator_sees_the_same_navigation_on_every_page(client, make_user, url, current):
    coordinator = make_user("coordinator")
    sign_in(client, coordinator)
    pass_second_factor(client, coordinator)
    items = navigation(client.get(url).get_data(as_text=True))
    assert [label for _marking, label in items] == COORDINATOR_ITEMS
    assert [label for marking, label in items if marking] == [current]
    assert dict((label, marking) for marking, label in items)[current] == "page"


def test_a_coordinator_without_the_second_step_sees_no_workspace_links(client, make_user):
    sign_in(client, make_user("coordinator"))
    page = client.get("/inloggen/code").get_data(as_text=True)
    assert 'class="role-nav"' not in page


def test_an_admin_has_the_admin_home_before_the_coordinator_pages(client, make_user):
    admin = make_user("admin")
    sign_in(client, admin)
    pass_second_factor(client, admin)
    items = navigation(client.get("/beheer/").get_data(as_text=True))
    assert items == [("page", "Beheer")] + [("", label) for label in COORDINATOR_ITEMS]


def test_a_page_below_an_item_marks_that_item_as_the_section(client, make_user):
    admin = make_user("admin")
    sign_in(client, admin)
    pass_second_factor(client, admin)
    items = navigation(client.get("/beheer/scholen/nieuw").get_data(as_text=True))
    assert items[0] == ("true", "Beheer")


def test_a_school_contact_sees_the_school_navigation_in_english_too(client, make_user, place):
    _region_id, school_id = place
    sign_in(client, make_user("school"))
    client.get("/taal/en")
    items = navigation(client.get(f"/school/{school_id}/aanvragen").get_data(as_text=True))
    assert items == [
        ("page", "Requests"), ("", "New request"), ("", "Upload CSV"), ("", "Mentors")
    ]
