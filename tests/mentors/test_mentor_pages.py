"""The mentor's pages, the school's mentors page and the mentor on the request form,
through the Flask test client with CSRF on."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from matcher.db.models import AuditEntry, Pupil, User
from tests.mentors.conftest import COMMENT, NOTE
from tests.web.web_helpers import Person, csrf_token, sign_in, submit
from tests.workspace.conftest import outbox_to

REQUEST = {
    "reference": "Sara B.", "school_year": "2", "level": "havo", "subjects": ["wiskunde"],
    "needs": ["geen_werkplek"], "priority": "", "priority_reason": "", "languages": ["nl"],
    "needs_language": "", "availability-0-day": "mon", "availability-0-start": "15:00",
    "availability-0-end": "17:00", "mode": "online", "postcode": "3511", "consent": "y",
}


def reference(database, pupil_id: int) -> str:
    with database.unit_of_work() as session:
        return session.get(Pupil, pupil_id).reference


def actions(database, action: str) -> list[AuditEntry]:
    with database.unit_of_work() as session:
        found = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        session.expunge_all()
        return found


def test_a_mentor_lands_on_their_pupils_and_sees_only_those(client_for, place, database):
    page = client_for(place.mentor).get("/mentor/").get_data(as_text=True)
    assert "Mijn leerlingen" in page
    assert reference(database, place.mentored) in page and "Anna" in page
    for other in (place.colleagues_pupil, place.unmentored, place.other_pupil):
        assert f">{reference(database, other)}<" not in page
    [listed] = actions(database, "pupil.list")
    assert listed.details["pupil_ids"] == [place.mentored]


def test_signing_in_as_a_mentor_goes_to_the_mentors_start_page(app, place):
    response = sign_in(app.test_client(), place.mentor)
    assert response.headers["Location"] == "/mentor/"


def test_the_progress_page_shows_the_timeline_chart_topics_and_check_ins(
    client_for, place, database
):
    page = client_for(place.mentor).get(f"/mentor/leerling/{place.mentored}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert NOTE in text and COMMENT in text and "4 · 5 · 3" in text
    assert "<svg" in text and "Contactmomenten per week" in text
    assert "Hoe het nu gaat" in text and 'class="signal signal-' in text
    assert "Wiskunde" in text and "Plannen" in text
    assert "Anna" in text
    for private in ("Vries", "volunteer", "@example.org", "0612345678"):
        assert private not in text, private
    [notes] = actions(database, "contact.notes_viewed")
    assert (notes.actor_user_id, notes.details["moment_ids"]) == (place.mentor.user_id,
                                                                  [place.moments[0]])
    assert [e.details["questionnaire_ids"] for e in actions(database, "checkin.comments_viewed")] \
        == [[place.check_in]]


def test_a_mentor_gets_404_on_another_pupil_of_the_same_school(client_for, place, database):
    client = client_for(place.mentor)
    for pupil in (place.colleagues_pupil, place.unmentored, place.other_pupil, 999999):
        assert client.get(f"/mentor/leerling/{pupil}").status_code == 404
    assert actions(database, "contact.notes_viewed") == []


def test_a_school_contact_follows_every_pupil_and_the_request_page_links_there(
    client_for, place
):
    client = client_for(place.contact)
    assert client.get(f"/mentor/leerling/{place.unmentored}").status_code == 200
    request_page = client.get(f"/school/aanvraag/{place.mentored}").get_data(as_text=True)
    assert f"/mentor/leerling/{place.mentored}" in request_page
    assert "Mentor Een" in request_page
    assert NOTE in client.get(f"/mentor/leerling/{place.mentored}").get_data(as_text=True)


def test_a_mentor_has_no_school_pages(client_for, place):
    client = client_for(place.mentor)
    assert client.get(f"/school/{place.school}/aanvragen").status_code == 403
    assert client.get(f"/school/aanvraag/{place.mentored}").status_code == 403


def test_a_contact_invites_a_mentor_who_sets_a_password_and_signs_in(
    app, client_for, place, database
):
    client = client_for(place.contact)
    page = f"/school/{place.school}/mentoren"
    listed = client.get(page).get_data(as_text=True)
    assert "Mentor Een" in listed and "collega@school.example" in listed
    response = submit(client, page, {"display_name": "Meneer Bakker", "email": "bad"})
    assert "Vul een geldig e-mailadres in" in response.get_data(as_text=True)
    taken = submit(client, page, {"display_name": "X", "email": "zorg@ander.example"})
    assert "Er is al een account met dit e-mailadres." in taken.get_data(as_text=True)
    response = submit(client, page, {"display_name": "Meneer Bakker",
                                     "email": "Bakker@School.example"})
    assert response.status_code == 302
    assert "Uitgenodigd" in client.get(page).get_data(as_text=True)
    [mail] = outbox_to(database, "bakker@school.example")
    assert "mentor" in mail.body_text
    link = re.search(r"https?://\S+(/uitnodiging/\S+)", mail.body_text).group(1)
    newcomer = app.test_client()
    password = "een lange zin als wachtwoord"
    assert submit(newcomer, link, {"password": password, "password_again": password}
                  ).status_code == 302
    with database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.email == "bakker@school.example"))
        assert (user.role, [s.id for s in user.schools]) == ("mentor", [place.school])
        user_id = user.id
    response = sign_in(newcomer, Person(user_id, "bakker@school.example", password, None))
    assert response.headers["Location"] == "/mentor/"
    assert "nog geen mentor" in newcomer.get("/mentor/").get_data(as_text=True)


def test_the_mentors_page_of_another_school_is_not_found(client_for, place):
    client = client_for(place.other_contact)
    page = f"/school/{place.school}/mentoren"
    assert client.get(page).status_code == 404
    token = csrf_token(client, f"/school/{place.other_school}/mentoren")
    response = client.post(page, data={"csrf_token": token, "display_name": "X",
                                       "email": "x@school.example"})
    assert response.status_code == 404


def test_the_request_form_offers_the_schools_mentors_with_the_contact_chosen(client_for, place):
    page = client_for(place.contact).get(f"/school/{place.school}/aanvragen/nieuw")
    text = page.get_data(as_text=True)
    assert re.search(r'<option selected value="zorg@school.example">', text) or re.search(
        r'<option value="zorg@school.example" selected', text)
    assert "mentor@school.example" in text and "zorg@ander.example" not in text


def test_a_request_gets_the_chosen_mentor_or_else_its_creator(client_for, place, database):
    client = client_for(place.contact)
    page = f"/school/{place.school}/aanvragen/nieuw"
    assert submit(client, page, {**REQUEST, "mentor": "mentor@school.example"}
                  ).status_code == 302
    assert submit(client, page, {**REQUEST, "reference": "Tom K."}).status_code == 302
    with database.unit_of_work() as session:
        stored = dict(session.execute(
            select(Pupil.reference, Pupil.mentor_id).where(Pupil.reference.in_(["Sara B.",
                                                                                 "Tom K."]))
        ).all())
    assert stored == {"Sara B.": place.mentor.user_id, "Tom K.": place.contact.user_id}


def test_a_mentor_of_another_school_is_refused_at_the_field_and_nothing_is_stored(
    client_for, place, database
):
    client = client_for(place.contact)
    response = submit(client, f"/school/{place.school}/aanvragen/nieuw",
                      {**REQUEST, "mentor": "zorg@ander.example"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is geen mentor of contactpersoon van deze school" in text
    assert 'href="#mentor"' in text  # the error summary names the field
    with database.unit_of_work() as session:
        assert session.scalar(select(Pupil).where(Pupil.reference == "Sara B.")) is None


def test_the_csv_import_names_a_mentor_by_address_or_leaves_the_uploader(
    client_for, place, database
):
    header = ("referentie;leerjaar;niveau;vakken;behoeften;beschikbaarheid;vorm;postcode;"
              "toestemming;mentor")
    row = "{};2;havo;wiskunde;geen_werkplek;ma 15:00-17:00;online;3511;ja;{}"
    rows = [row.format("A1", "MENTOR@school.example"), row.format("A2", "")]
    client = client_for(place.contact)
    upload = f"/school/{place.school}/aanvragen/upload"
    bad = "\r\n".join([header, rows[0].replace("MENTOR@school.example", "zorg@ander.example")])
    response = client.post(upload, data={"csrf_token": csrf_token(client, upload),
                                         "file": (io.BytesIO(bad.encode()), "l.csv")},
                           content_type="multipart/form-data")
    assert "kolom &#34;mentor&#34;: &#34;zorg@ander.example&#34; is geen mentor" in (
        response.get_data(as_text=True))
    good = "\r\n".join([header, *rows])
    response = client.post(upload, data={"csrf_token": csrf_token(client, upload),
                                         "file": (io.BytesIO(good.encode()), "l.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with database.unit_of_work() as session:
        stored = dict(session.execute(
            select(Pupil.reference, Pupil.mentor_id).where(Pupil.reference.in_(["A1", "A2"]))
        ).all())
    assert stored == {"A1": place.mentor.user_id, "A2": place.contact.user_id}


def test_a_contact_names_another_mentor_on_the_request_page(client_for, place, database):
    client = client_for(place.contact)
    page = f"/school/aanvraag/{place.unmentored}"
    refused = submit(client, page, {"mentor": "zorg@ander.example"},
                     action=f"{page}/mentor")
    assert "is geen mentor of contactpersoon van deze school" in refused.get_data(as_text=True)
    response = submit(client, page, {"mentor": "mentor@school.example"}, action=f"{page}/mentor")
    assert response.status_code == 302
    with database.unit_of_work() as session:
        assert session.get(Pupil, place.unmentored).mentor_id == place.mentor.user_id
    listed = client_for(place.mentor).get("/mentor/").get_data(as_text=True)
    assert reference(database, place.unmentored) in listed
    assert [e.entity_id for e in actions(database, "pupil.mentor_changed")] == [place.unmentored]
