"""The school pages through the Flask test client, with CSRF on."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matcher.accounts.passwords import hash_password
from matcher.db.models import AuditEntry, Pupil, User
from tests.web.web_helpers import Person, csrf_token, sign_in, submit

from .conftest import PASSWORD, START
from .test_request_csv import EXAMPLE, HEADER, file_of

FORM_FIELDS = {
    "reference": "Sara B.",
    "school_year": "2",
    "level": "havo",
    "subjects": ["wiskunde", "engels"],
    "needs": ["geen_werkplek"],
    "priority": "",
    "priority_reason": "",
    "languages": ["nl"],
    "needs_language": "",
    "availability-0-day": "mon",
    "availability-0-start": "15:00",
    "availability-0-end": "17:00",
    "mode": "online",
    "postcode": "3511",
    "consent": "y",
}


def new_page(schools) -> str:
    return f"/school/{schools.school_id}/aanvragen/nieuw"


def upload_page(schools) -> str:
    return f"/school/{schools.school_id}/aanvragen/upload"


def pupils(database) -> list[Pupil]:
    with database.unit_of_work() as session:
        found = list(session.scalars(select(Pupil).order_by(Pupil.id)))
        session.expunge_all()
        return found


def upload(client, schools, data: bytes, name: str = "leerlingen.csv"):
    token = csrf_token(client, upload_page(schools))
    return client.post(
        upload_page(schools),
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_contact_with_one_school_lands_on_its_list(contact, schools):
    response = contact.get("/school/")
    assert response.headers["Location"] == f"/school/{schools.school_id}/aanvragen"
    page = contact.get(response.headers["Location"]).get_data(as_text=True)
    assert "Aanvragen van Demo College" in page


def test_submitting_the_form_stores_a_waiting_request_and_lists_it(contact, schools, database):
    response = submit(contact, new_page(schools), FORM_FIELDS)
    assert response.status_code == 302
    [pupil] = pupils(database)
    assert (pupil.reference, pupil.state, pupil.availability) == (
        "Sara B.",
        "waiting",
        [{"day": "mon", "start": 900, "end": 1020}],
    )
    page = contact.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sara B." in page
    assert "wacht" in page
    assert "de coördinator doet dat bij de volgende koppelronde" in page


def test_each_state_says_what_happens_next_on_the_request_page(contact, schools, database):
    submit(contact, new_page(schools), FORM_FIELDS)
    [pupil] = pupils(database)
    with database.unit_of_work() as session:
        session.get(Pupil, pupil.id).state = "proposed"
        session.commit()
    page = contact.get(f"/school/aanvraag/{pupil.id}").get_data(as_text=True)
    assert "voorgesteld" in page
    assert "maar die heeft nog niet geantwoord" in page


def test_the_form_asks_for_no_full_name_and_offers_only_the_schools_levels(contact, schools):
    page = contact.get(new_page(schools)).get_data(as_text=True)
    assert "Geen volledige naam en geen geboortedatum" in page
    assert 'value="vwo"' in page
    assert 'value="vmbo-gt"' not in page


def test_bad_input_rerenders_with_a_message_per_field_and_keeps_what_was_typed(
    contact, schools, database
):
    typed = {
        **FORM_FIELDS,
        "reference": "Sara de Boer",
        "priority": "urgent",
        "availability-1-day": "wed",
        "availability-1-start": "17:00",
        "availability-1-end": "16:00",
        "consent": "",
    }
    response = submit(contact, new_page(schools), typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lijkt een volledige naam" in page
    assert "Tijdvak 2: de eindtijd moet na de begintijd liggen." in page
    assert "geef een korte reden" in page
    assert "Voorstel van Koppel: Normaal." in page
    assert "Bevestig dat de school toestemming heeft" in page
    summary = page[page.index("error-summary"):page.index("</ul>", page.index("error-summary"))]
    # The summary follows the form: reference, then urgency, availability, consent.
    positions = [summary.index(text) for text in
                 ("Lijkt een volledige naam", "geef een korte reden", "Tijdvak 2", "Bevestig")]
    assert positions == sorted(positions)
    assert 'href="#availability-1-day"' in page
    assert 'value="Sara de Boer"' in page
    assert pupils(database) == []


def test_messages_are_english_when_english_is_chosen(contact, schools):
    contact.get("/taal/en")
    page = submit(contact, new_page(schools), {**FORM_FIELDS, "level": "havo5"}).get_data(
        as_text=True
    )
    assert "Unknown level &#34;havo5&#34;." in page


def test_a_payload_in_a_field_is_shown_escaped(contact, schools):
    page = submit(
        contact, new_page(schools), {**FORM_FIELDS, "level": "<script>alert(1)</script>"}
    ).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_post_without_csrf_token_is_refused(contact, schools, database):
    response = contact.post(new_page(schools), data=FORM_FIELDS)
    assert response.status_code == 400
    assert pupils(database) == []


def test_the_template_download_is_the_csv_header_and_an_example_row(contact, schools):
    response = contact.get(f"/school/{schools.school_id}/aanvragen/sjabloon.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, example = response.data.decode("utf-8-sig").strip().split("\r\n")
    assert header.startswith("referentie;leerjaar;niveau;")
    assert example.startswith("VOORBEELD - verwijder deze rij;2;havo;")


def test_uploading_the_template_unchanged_stores_nobody(contact, schools, database):
    template = contact.get(f"/school/{schools.school_id}/aanvragen/sjabloon.csv").data
    page = upload(contact, schools, template).get_data(as_text=True)
    assert "geen leerlingen onder de kopregel" in page
    assert pupils(database) == []


def test_the_upload_page_lists_the_codes_with_their_labels(contact, schools):
    page = contact.get(f"/school/{schools.school_id}/aanvragen/upload").get_data(as_text=True)
    assert "<code>geen_device</code></td><td>" in page
    assert "<code>vmbo-gt</code>" in page


def test_an_upload_with_one_bad_row_saves_nothing_and_names_row_and_column(
    contact, schools, database
):
    rows = [EXAMPLE.replace("Sara B.", f"L-{n}") for n in range(1, 7)]
    rows[5] = rows[5].replace(";havo;", ";havo5;")
    page = upload(contact, schools, file_of(HEADER, *rows)).get_data(as_text=True)
    assert "rij 7, kolom &#34;niveau&#34;: onbekend niveau &#34;havo5&#34;" in page
    assert "Er is niets opgeslagen" in page
    assert pupils(database) == []


def test_a_fixed_upload_saves_every_row(contact, schools, database):
    rows = [EXAMPLE.replace("Sara B.", f"L-{n}") for n in range(1, 4)]
    response = upload(contact, schools, b"\xef\xbb\xbf" + file_of(HEADER, *rows))
    assert response.status_code == 302
    assert [p.reference for p in pupils(database)] == ["L-1", "L-2", "L-3"]
    assert "Opgeslagen aanvragen: 3." in contact.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_an_upload_without_a_file_asks_for_one(contact, schools):
    token = csrf_token(contact, upload_page(schools))
    page = contact.post(upload_page(schools), data={"csrf_token": token}).get_data(as_text=True)
    assert "kies een CSV-bestand om te uploaden" in page
    assert "Er is niets opgeslagen" in page


def test_withdrawing_asks_for_confirmation_then_withdraws(contact, schools, database):
    submit(contact, new_page(schools), FORM_FIELDS)
    [pupil] = pupils(database)
    page = contact.get(f"/school/aanvraag/{pupil.id}/intrekken")
    assert "Ja, trek de aanvraag in" in page.get_data(as_text=True)
    assert pupils(database)[0].state == "waiting"
    response = submit(contact, f"/school/aanvraag/{pupil.id}/intrekken", {})
    assert response.status_code == 302
    assert pupils(database)[0].state == "withdrawn"
    with database.unit_of_work() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-1] == "pupil.withdraw"


def test_viewing_a_request_is_audited(contact, schools, database):
    submit(contact, new_page(schools), FORM_FIELDS)
    [pupil] = pupils(database)
    page = contact.get(f"/school/aanvraag/{pupil.id}").get_data(as_text=True)
    assert "maandag 15:00–17:00" in page
    with database.unit_of_work() as session:
        viewed = session.scalar(
            select(func.count()).where(
                AuditEntry.action == "pupil.view", AuditEntry.entity_id == pupil.id
            )
        )
    assert viewed == 1


@pytest.mark.parametrize(
    ("method", "page"),
    [
        ("get", "/school/{other_school}/aanvragen"),
        ("get", "/school/{other_school}/aanvragen/nieuw"),
        ("get", "/school/{other_school}/aanvragen/upload"),
        ("get", "/school/{other_school}/aanvragen/sjabloon.csv"),
        ("get", "/school/aanvraag/{other_pupil}"),
        ("get", "/school/aanvraag/{other_pupil}/intrekken"),
        ("post", "/school/aanvraag/{other_pupil}/intrekken"),
        ("get", "/school/999999/aanvragen"),
        ("get", "/school/aanvraag/999999"),
    ],
)
def test_another_schools_pages_and_requests_are_not_found(
    app, contact, schools, database, method, page
):
    other = app.test_client()
    sign_in(other, Person(schools.other_contact_id, "zorg@noorderlicht.example", PASSWORD, None))
    submit(
        other,
        f"/school/{schools.other_school_id}/aanvragen/nieuw",
        {**FORM_FIELDS, "postcode": "9711"},
    )
    [other_pupil] = pupils(database)
    url = page.format(other_school=schools.other_school_id, other_pupil=other_pupil.id)
    if method == "post":
        token = csrf_token(contact, new_page(schools))
        response = contact.post(url, data={"csrf_token": token})
    else:
        response = contact.get(url)
    assert response.status_code == 404
    assert "Noorderlicht" not in response.get_data(as_text=True)
    assert pupils(database)[0].state == "waiting"


def test_anonymous_visitors_are_sent_to_sign_in_and_volunteers_are_refused(app, schools, database):
    page = f"/school/{schools.school_id}/aanvragen"
    assert app.test_client().get(page).headers["Location"].startswith("/inloggen?next=")
    with database.unit_of_work() as session:
        session.add(
            User(
                email="vera@example.org",
                role="volunteer",
                password_hash=hash_password(PASSWORD),
                email_confirmed_at=START,
            )
        )
        session.commit()
    volunteer = app.test_client()
    sign_in(volunteer, Person(0, "vera@example.org", PASSWORD, None))
    assert volunteer.get(page).status_code == 403


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(sorted(FORM_FIELDS)),
    value=st.one_of(
        st.text(max_size=300),
        st.sampled_from(["<script>alert(1)</script>", "x" * 5000, "\x00", "' OR 1=1 --"]),
    ),
)
def test_hostile_input_in_any_form_field_never_causes_a_server_error(
    contact, schools, field, value
):
    response = submit(contact, new_page(schools), {**FORM_FIELDS, field: value})
    # NUL is refused for every form before any view runs (webapp.security).
    expected = {400} if "\x00" in value else {200, 302}
    assert response.status_code in expected
    assert "<script>alert(1)" not in response.get_data(as_text=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_uploaded_bytes_get_a_page_never_a_server_error(contact, schools, data):
    response = upload(contact, schools, HEADER.encode() + b"\r\n" + data)
    assert response.status_code in (200, 302)
