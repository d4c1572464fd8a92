"""What each role sees on the pages it may open: its own data, never someone else's.

Every name, e-mail address and pupil reference of Rotterdam contains ``RDM`` (and
Utrecht's ``UTR``), so one search of a response body finds any leak. Each test also
checks that its own data does appear, so an empty page cannot pass.
"""

from __future__ import annotations

import orjson
import pytest

from matcher.db.models import School
from tests.access.roles import Role, csrf_for
from tests.access.scenario import NOW
from tests.access.snapshots import snapshot
from tests.db.rows import pupil

OTHER_REGION = "RDM"

COORDINATOR_PAGES = [
    "/coordinator/overzicht",
    "/coordinator/lijsten/vrijwilligers",
    "/coordinator/lijsten/aanvragen",
    "/coordinator/lijsten/koppelingen",
    "/coordinator/lijsten/vrijwilligers.csv",
    "/coordinator/lijsten/aanvragen.csv",
    "/coordinator/lijsten/koppelingen.csv",
    "/coordinator/lijsten/aanvragen?q=LL",
    "/coordinator/lijsten/aanvragen.csv?q=RDM",
    "/coordinator/scholen",
    "/coordinator/screening",
    "/coordinator/koppelrondes",
    "/coordinator/handmatig",
]


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_coordinator_sees_no_trace_of_another_region_in_lists_exports_and_dashboards(
    world, client_as
):
    client = client_as(Role.COORDINATOR)
    pages = {url: text(client, url) for url in COORDINATOR_PAGES}
    run = f"/coordinator/koppelrondes/{world.utrecht.run}"
    for url in (
        run,
        f"{run}/instance.json",
        f"{run}/resultaat.json",
        f"/coordinator/leerlingen/{world.utrecht.matched_pupil}",
    ):
        pages[url] = text(client, url)
    leaks = [url for url, body in pages.items() if OTHER_REGION in body]
    assert leaks == []
    own = pages["/coordinator/lijsten/aanvragen"] + pages["/coordinator/lijsten/vrijwilligers.csv"]
    assert "UTR-LL-1" in own and "Vrijwilliger UTR 1" in own


def test_an_admin_sees_both_regions(world, client_as):
    client = client_as(Role.ADMIN)
    pupils = text(client, "/coordinator/lijsten/aanvragen")
    volunteers = text(client, "/coordinator/lijsten/vrijwilligers.csv")
    assert "UTR-LL-1" in pupils and "RDM-LL-1" in pupils
    assert "Vrijwilliger UTR 1" in volunteers and "Vrijwilliger RDM 1" in volunteers


@pytest.fixture
def other_school_pupil(database, world) -> int:
    """A second Utrecht school with one request: same region, not the contact's school."""
    with database.unit_of_work() as session:
        school = School(
            name="Utrecht Lyceum", brin="33CC", levels=["havo"], region_id=world.utrecht.region
        )
        lyceum_pupil = pupil(
            "LYCEUM-LL-1",
            school=school,
            school_year=1,
            subjects=["engels"],
            availability=[],
            pc4=3512,
            waiting_since=NOW,
        )
        session.add(lyceum_pupil)
        session.commit()
        return lyceum_pupil.id


def test_a_school_sees_only_its_own_requests_not_those_of_a_school_nearby(
    world, client_as, other_school_pupil
):
    client = client_as(Role.SCHOOL)
    listing = text(client, f"/school/{world.utrecht.school}/aanvragen")
    assert all(reference in listing for reference in world.utrecht.references.values())
    assert "LYCEUM" not in listing and OTHER_REGION not in listing
    assert client.get(f"/school/aanvraag/{other_school_pupil}").status_code == 404
    for pupil_id in world.utrecht.references:
        assert "LYCEUM" not in text(client, f"/school/aanvraag/{pupil_id}")


def test_a_volunteer_sees_their_own_profile_and_only_their_own_pupils_minimal_data(
    world, client_as
):
    client = client_as(Role.VOLUNTEER)
    side = world.utrecht
    own_pupil = side.references[side.matched_pupil]
    others = [ref for pid, ref in side.references.items() if pid != side.matched_pupil]
    home = text(client, "/vrijwilliger")
    matches = text(client, "/vrijwilliger/koppelingen")
    data = client.get("/vrijwilliger/mijn-gegevens.json")
    exported = orjson.loads(data.data)
    assert exported["account"]["email"] == side.volunteer.email
    assert side.volunteer.email in home
    assert own_pupil in matches
    everything = home + matches + data.get_data(as_text=True)
    me = side.volunteer_emails.index(side.volunteer.email)
    other_people = [
        *others,
        *(n for i, n in enumerate(side.volunteer_names) if i != me),
        *(e for i, e in enumerate(side.volunteer_emails) if i != me),
    ]
    assert [found for found in other_people if found in everything] == []
    assert OTHER_REGION not in everything
    # The pupil's urgency reason is for the school and the coordinator only.
    assert "REDEN" not in everything


def test_a_volunteer_cannot_end_another_volunteers_match(world, client_as, database):
    client = client_as(Role.VOLUNTEER)
    token = csrf_for(client)
    before = snapshot(database)
    for match_id in (world.utrecht.approved_match, world.rotterdam.active_match):
        response = client.post(
            f"/vrijwilliger/koppelingen/{match_id}/beeindigen",
            data={"csrf_token": token, "reason_code": "goal_reached"},
        )
        assert response.status_code == 404
    assert snapshot(database) == before


def test_a_mentor_sees_only_their_pupil_and_of_the_volunteer_only_the_first_name(
    world, client_as
):
    client = client_as(Role.MENTOR)
    side = world.utrecht
    own_pupil = side.references[side.matched_pupil]
    others = [ref for pid, ref in side.references.items() if pid != side.matched_pupil]
    home = text(client, "/mentor/")
    progress = text(client, f"/mentor/leerling/{side.matched_pupil}")
    assert own_pupil in home and own_pupil in progress
    everything = home + progress
    assert [found for found in (*others, *side.volunteer_names, *side.volunteer_emails)
            if found in everything] == []
    assert "Vrijwilliger" in progress  # the volunteer's first name
    assert OTHER_REGION not in everything and "REDEN" not in everything
