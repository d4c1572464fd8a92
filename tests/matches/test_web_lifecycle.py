"""Over HTTP with CSRF on: matching by hand, ending a match, audited views, national runs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import (
    AuditEntry,
    EndRequest,
    Match,
    OutboxMail,
    Pupil,
    Region,
    VolunteerProfile,
)
from tests.access.snapshots import snapshot
from tests.matches.web_world import (
    coordinator_of,
    school_login,
    signed_in,
    staff,
    start_run,
    volunteer_login,
)
from tests.matches.world import NOW, add_pupil, add_region, add_school, add_volunteer
from tests.web.web_helpers import csrf_token, submit


def ids_in(database, region_id: int) -> tuple[list[int], list[int]]:
    """The region's pupil ids and volunteer ids, oldest first."""
    with database.unit_of_work() as session:
        pupils = session.scalars(select(Pupil.id).join(Pupil.school)
                                 .where(Pupil.school.has(region_id=region_id))
                                 .order_by(Pupil.id)).all()
        volunteers = session.scalars(select(VolunteerProfile.id)
                                     .where(VolunteerProfile.region_id == region_id)
                                     .order_by(VolunteerProfile.id)).all()
    return list(pupils), list(volunteers)


def audit_rows(database, action: str) -> list[tuple]:
    with database.unit_of_work() as session:
        return [tuple(r) for r in session.execute(
            select(AuditEntry.entity_id, AuditEntry.actor_user_id, AuditEntry.details)
            .where(AuditEntry.action == action).order_by(AuditEntry.id))]


@pytest.fixture
def utrecht(app, database, places):
    """A signed-in Utrecht coordinator: (client, person, pupil ids, volunteer ids)."""
    person = coordinator_of(database, places["utrecht"], "u@x.nl")
    return (signed_in(app.test_client(), person), person, *ids_in(database, places["utrecht"]))


def test_the_chooser_lists_the_regions_waiting_pupils_and_volunteers_with_a_place(
    utrecht, database
):
    client, person, pupils, volunteers = utrecht
    page = client.get(f"/coordinator/handmatig?leerling={pupils[0]}").get_data(as_text=True)
    for pupil in pupils:
        assert f'<option value="{pupil}"' in page
    for volunteer in volunteers:
        assert f"/coordinator/handmatig/{pupils[0]}/{volunteer}" in page
    assert audit_rows(database, "pupil.list")[-1][1:] == (person.user_id, {"pupil_ids": pupils})


def test_a_fitting_pair_is_matched_by_hand_from_the_check_page(utrecht, database):
    client, person, pupils, volunteers = utrecht
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    assert "voldoet aan alle harde regels" in client.get(check).get_data(as_text=True)
    response = submit(client, check, {})
    assert response.headers["Location"].endswith(f"/coordinator/leerlingen/{pupils[0]}")
    with database.unit_of_work() as session:
        match = session.scalar(select(Match))
        assert (match.state, match.pupil_id, match.volunteer_id) == (
            "approved", pupils[0], volunteers[0])
    assert audit_rows(database, "match_created_by_hand")[-1][2]["overridden"] == []


def test_a_broken_rule_needs_an_override_reason_which_is_kept_and_audited(utrecht, database):
    client, person, pupils, volunteers = utrecht
    with database.unit_of_work() as session:
        session.get(VolunteerProfile, volunteers[0]).subjects = ["engels"]
        session.commit()
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    page = client.get(check).get_data(as_text=True)
    assert "helpt niet met een vak van de leerling" in page
    refused = submit(client, check, {"override_reason": "  "})
    assert "Geef een reden om de regel(s) hierboven te negeren." in refused.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id)) is None
    submit(client, check, {"override_reason": "kent Engels goed genoeg voor wiskunde"})
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.reason)) == "kent Engels goed genoeg voor wiskunde"
    entry = audit_rows(database, "match_created_by_hand")[-1]
    assert entry[2]["overridden"] == ["no_volunteer_subject_level"]
    assert "Engels" not in str(entry)


def test_a_full_volunteer_offers_no_button_and_a_forced_post_makes_nothing(utrecht, database):
    client, person, pupils, volunteers = utrecht
    with database.unit_of_work() as session:
        session.add(Match(volunteer_id=volunteers[0], pupil_id=pupils[1], state="active"))
        session.commit()
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    page = client.get(check).get_data(as_text=True)
    assert "geen plek meer" in page and "ook niet met een reden" in page
    token = csrf_token(client, "/coordinator/handmatig")
    client.post(check, data={"csrf_token": token, "override_reason": "toch"})
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id).where(Match.pupil_id == pupils[0])) is None


def test_another_regions_coordinator_gets_404_for_the_pair_and_its_post(
    app, database, places, utrecht
):
    _client, _person, pupils, volunteers = utrecht
    rotterdam = signed_in(app.test_client(),
                          coordinator_of(database, places["rotterdam"], "r@x.nl"))
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    assert rotterdam.get(check).status_code == 404
    token = csrf_token(rotterdam, "/coordinator/handmatig")
    assert rotterdam.post(check, data={"csrf_token": token}).status_code == 404
    assert rotterdam.get(f"/coordinator/handmatig?regio={places['utrecht']}").status_code == 404
    assert rotterdam.get(f"/coordinator/leerlingen/{pupils[0]}").status_code == 404


def test_a_volunteer_of_another_region_is_refused_for_a_pupil_of_ones_own_and_nothing_is_written(
    utrecht, database, places
):
    client, _person, pupils, _volunteers = utrecht
    (_rotterdam_pupils, rotterdam_volunteers) = ids_in(database, places["rotterdam"])
    check = f"/coordinator/handmatig/{pupils[0]}/{rotterdam_volunteers[0]}"
    token = csrf_token(client, "/coordinator/handmatig")
    before = snapshot(database)
    assert client.get(check).status_code == 404
    response = client.post(check, data={"csrf_token": token, "override_reason": "toch doen"})
    assert response.status_code == 404
    assert snapshot(database) == before


def test_a_post_without_the_csrf_token_makes_no_match(utrecht, database):
    client, _person, pupils, volunteers = utrecht
    check = f"/coordinator/handmatig/{pupils[0]}/{volunteers[0]}"
    assert client.post(check, data={}).status_code == 400
    with database.unit_of_work() as session:
        assert session.scalar(select(Match.id)) is None


def active_match(database, pupil_id: int, volunteer_id: int) -> int:
    """An active match that started at NOW, after 10 days of waiting."""
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, pupil_id)
        pupil.state, pupil.days_waited_before, pupil.waiting_since = "matched", 10, None
        match = Match(volunteer_id=volunteer_id, pupil_id=pupil_id, state="active",
                      mode="online", started_at=NOW)
        session.add(match)
        session.commit()
        return match.id


def test_the_coordinator_ends_a_match_from_the_pupils_file_with_a_reason_code(utrecht, database):
    client, person, pupils, volunteers = utrecht
    match_id = active_match(database, pupils[0], volunteers[0])
    file = f"/coordinator/leerlingen/{pupils[0]}"
    page = client.get(file).get_data(as_text=True)
    assert "Koppeling beëindigen" in page and "Het klikt niet" in page
    assert audit_rows(database, "pupil.view")[-1] == (pupils[0], person.user_id, {})
    end = f"/coordinator/koppelingen/{match_id}/beeindigen"
    fix = submit(client, file, {"reason_code": "", "note": "x" * 600}, action=end)
    assert fix.status_code == 200
    assert "Waarom stopt de koppeling?" in fix.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(Match, match_id).state == "active"
    done = submit(client, file, {"reason_code": "no_click", "note": "botste steeds"}, action=end)
    # The pupil waits again: straight on to matching them by hand.
    assert "/coordinator/handmatig?regio=" in done.headers["Location"]
    assert done.headers["Location"].endswith(f"leerling={pupils[0]}")
    with database.unit_of_work() as session:
        match = session.get(Match, match_id)
        assert (match.state, match.end_reason_code, match.reason) == (
            "ended", "no_click", "botste steeds")
        assert match.pupil.state == "waiting" and match.pupil.waiting_days(NOW) == 10
        told = set(session.scalars(select(OutboxMail.to_address)))
        volunteer_email = match.volunteer.user.email
    assert volunteer_email in told and any(t.startswith("school") for t in told)
    assert "beëindigd" in client.get(file).get_data(as_text=True)


def test_the_volunteer_asks_to_end_their_own_match_from_their_home_page_and_no_other(
    app, database, utrecht
):
    _client, _person, pupils, volunteers = utrecht
    mine = active_match(database, pupils[0], volunteers[0])
    theirs = active_match(database, pupils[1], volunteers[1])
    volunteer = signed_in(app.test_client(), volunteer_login(database, volunteers[0]))
    assert "/vrijwilliger/koppelingen" in volunteer.get("/vrijwilliger").get_data(as_text=True)
    page = volunteer.get("/vrijwilliger/koppelingen").get_data(as_text=True)
    assert f"/vrijwilliger/koppelingen/{mine}/beeindigen" in page
    assert f"/vrijwilliger/koppelingen/{theirs}/beeindigen" not in page
    token = csrf_token(volunteer, "/vrijwilliger/koppelingen")
    stolen = volunteer.post(f"/vrijwilliger/koppelingen/{theirs}/beeindigen",
                            data={"csrf_token": token, "reason_code": "goal_reached"})
    assert stolen.status_code == 404
    assert volunteer.post(f"/vrijwilliger/koppelingen/{mine}/beeindigen",
                          data={"reason_code": "goal_reached"}).status_code == 400
    volunteer.post(f"/vrijwilliger/koppelingen/{mine}/beeindigen",
                   data={"csrf_token": token, "reason_code": "goal_reached"})
    with database.unit_of_work() as session:
        asked = session.get(Match, mine)
        assert (asked.state, asked.pupil.state) == ("active", "matched")
        assert session.scalars(select(EndRequest.match_id)).all() == [mine]
    assert audit_rows(database, "end.requested")[-1][2]["reason_code"] == "goal_reached"
    page = volunteer.get("/vrijwilliger/koppelingen").get_data(as_text=True)
    assert "Er is gevraagd deze koppeling te beëindigen" in page
    again = volunteer.post(f"/vrijwilliger/koppelingen/{mine}/beeindigen",
                           data={"csrf_token": token, "reason_code": "no_click"})
    assert "Er is al gevraagd deze koppeling te beëindigen" in again.get_data(as_text=True)


def test_opening_the_proposals_page_records_who_saw_which_pupils(utrecht, database):
    client, person, pupils, _volunteers = utrecht
    run_url = start_run(client, utrecht_region(database)).headers["Location"]
    client.get(run_url)
    run_id, actor, details = audit_rows(database, "matching_run.view")[-1]
    assert run_url.endswith(f"/{run_id}") and actor == person.user_id
    assert sorted(details["pupil_ids"]) == pupils


def utrecht_region(database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(Region.id).where(Region.slug == "utrecht"))


def test_unmatched_pupils_are_linked_and_their_reasons_name_the_region_as_people_know_it(
    utrecht, database
):
    client, _person, _pupils, _volunteers = utrecht
    with database.unit_of_work() as session:
        region = session.scalar(select(Region).where(Region.slug == "utrecht"))
        region.name = "Regio Utrecht Stad"
        lonely = add_pupil(session, add_school(session, region), subjects=["natuurkunde"],
                           level="vwo")
        session.commit()
    page = client.get(start_run(client, region.id).headers["Location"]).get_data(as_text=True)
    assert "in regio Regio Utrecht Stad voor Natuurkunde" in page
    assert f'href="/coordinator/leerlingen/{lonely.id}"' in page
    assert "regio utrecht " not in page


def test_a_national_run_is_decided_by_the_pupils_coordinator_and_read_by_the_volunteers(
    app, database
):
    with database.unit_of_work() as session:
        utrecht, rotterdam = add_region(session, "utrecht"), add_region(session, "rotterdam")
        volunteer = add_volunteer(session, utrecht)
        pupil = add_pupil(session, add_school(session, rotterdam), reference="RDAM-1")
        session.commit()
        ids = (utrecht.id, rotterdam.id, volunteer.id, pupil.id)
    admin = signed_in(app.test_client(), staff(database, "admin", "a@x.nl", []))
    assert "/coordinator/koppelrondes" in admin.get("/beheer/").get_data(as_text=True)
    assert "Landelijke koppelronde starten" in admin.get(
        "/coordinator/koppelrondes").get_data(as_text=True)
    run_url = start_run(admin, "landelijk", cross_region_online="y").headers["Location"]
    with database.unit_of_work() as session:
        match = session.scalar(select(Match))
        assert (match.volunteer_id, match.pupil_id, match.mode) == (ids[2], ids[3], "online")
        match_id = match.id
    pupils_coordinator = signed_in(app.test_client(), coordinator_of(database, ids[1], "r@x.nl"))
    volunteers_coordinator = signed_in(app.test_client(),
                                       coordinator_of(database, ids[0], "u@x.nl"))
    deciding = pupils_coordinator.get(run_url).get_data(as_text=True)
    reading = volunteers_coordinator.get(run_url).get_data(as_text=True)
    assert f'name="voorstel" value="{match_id}"' in deciding
    assert "RDAM-1" in reading and f'name="voorstel" value="{match_id}"' not in reading
    token = csrf_token(volunteers_coordinator, run_url)
    refused = volunteers_coordinator.post(run_url + "/besluiten", data={
        "csrf_token": token, "action": "approve", "alleen": str(match_id)})
    assert refused.status_code == 404
    token = csrf_token(pupils_coordinator, run_url)
    pupils_coordinator.post(run_url + "/besluiten", data={
        "csrf_token": token, "action": "approve", "alleen": str(match_id)})
    with database.unit_of_work() as session:
        assert session.get(Match, match_id).state == "approved"


def test_the_school_asks_to_end_its_pupils_match_from_the_request_page_and_not_another_schools(
    app, database, places, utrecht
):
    _client, _person, pupils, volunteers = utrecht
    match_id = active_match(database, pupils[0], volunteers[0])
    with database.unit_of_work() as session:
        school_id = session.get(Pupil, pupils[0]).school_id
        elsewhere = add_pupil(session, add_school(session, session.get(Region, places["utrecht"])))
        other_match = Match(volunteer_id=volunteers[1], pupil_id=elsewhere.id, state="active")
        session.add(other_match)
        session.commit()
        other_pupil = elsewhere.id
    contact = school_login(database, school_id)
    school = signed_in(app.test_client(), contact)
    request_page = school.get(f"/school/aanvraag/{pupils[0]}").get_data(as_text=True)
    end_page = f"/school/aanvraag/{pupils[0]}/koppeling-beeindigen"
    assert end_page in request_page
    assert school.get(f"/school/aanvraag/{other_pupil}/koppeling-beeindigen").status_code == 404
    assert school.get(f"/school/aanvraag/{pupils[1]}/koppeling-beeindigen").status_code == 404
    missing = submit(school, end_page, {"reason_code": "bestaat-niet"})
    assert missing.status_code == 200 and "Waarom stopt de koppeling?" in missing.get_data(
        as_text=True)
    done = submit(school, end_page, {"reason_code": "pupil_left_school"})
    assert done.headers["Location"].endswith(f"/school/aanvraag/{pupils[0]}")
    with database.unit_of_work() as session:
        assert session.get(Match, match_id).state == "active"
        request = session.scalars(select(EndRequest)).one()
        assert (request.side, request.suggested_reason) == ("mentor", "pupil_left_school")
    assert audit_rows(database, "end.requested")[-1][1] == contact.user_id
    assert "Er is al gevraagd" in school.get(end_page).get_data(as_text=True)
