"""Browser journey: a school contact asks for a buddy, uploads a CSV, fixes it, withdraws one."""

from __future__ import annotations

from sqlalchemy import select

from matcher.db.models import Pupil, Region, School
from matcher.requests.csv_import import COLUMNS
from tests.e2e.browser_helpers import PASSWORD, account, check_page, sign_in

HEADER = ";".join(column.header for column in COLUMNS)


def _school_contact(database) -> int:
    with database.unit_of_work() as session:
        region = session.scalars(select(Region)).one()
        school = School(name="Demo College", brin="99ZZ", levels=["havo", "vwo"], region=region)
        session.add(
            account(
                "zorg@democollege.example", "school", "Zeynep Zorgcoördinator", schools=[school]
            )
        )
        session.commit()
        return school.id


def _csv(*levels: str) -> bytes:
    rows = [
        f"Rij {n};2;{level};wiskunde, engels;geen_werkplek;;;nl;;ma 15:00-17:00;online;3512;ja"
        for n, level in enumerate(levels, start=2)
    ]
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


def _upload(page, data: bytes) -> None:
    page.set_input_files(
        "#file", files=[{"name": "leerlingen.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Uploaden").click()


def test_a_school_contact_requests_a_buddy_and_uploads_a_corrected_csv(page, live_app, database):
    base = live_app.config["LIVE_URL"]
    school_id = _school_contact(database)
    sign_in(page, base, "zorg@democollege.example", PASSWORD)
    page.wait_for_url(f"{base}/school/{school_id}/aanvragen")
    check_page(page, "school-1-empty-list")

    page.get_by_role("link", name="Nieuwe aanvraag").first.click()
    page.fill("#reference", "Sara de Boer")
    page.select_option("#school_year", "2")
    page.select_option("#level", "havo")
    page.check("input[name=subjects][value=wiskunde]")
    proposal = page.locator("#priority-proposal")
    assert proposal.inner_text() == "Kies eerst de behoeften; Koppel stelt dan een urgentie voor."
    page.check("input[name=needs][value=geen_werkplek]")
    assert proposal.inner_text() == "Voorstel van Koppel: Normaal."
    page.check("input[name=needs][value=onveilig_thuis]")
    assert proposal.inner_text() == "Voorstel van Koppel: Urgent."
    page.check("input[name=languages][value=nl]")
    page.select_option("#availability-0-day", "mon")
    page.fill("#availability-0-start", "15:00")
    page.fill("#availability-0-end", "17:00")
    page.check("input[name=mode][value=online]")
    page.fill("#postcode", "3511")
    page.get_by_role("button", name="Aanvraag opslaan").click()
    summary = page.locator(".error-summary")
    # Sentences like the volunteer form's, in the order of the form.
    assert summary.inner_text().splitlines()[1:] == [
        'Referentie: Lijkt een volledige naam; gebruik een voornaam met initiaal (zoals'
        ' "Sara B.") of een eigen code.',
        "Toestemming van leerling en ouders: Bevestig dat de school toestemming heeft van de"
        " leerling en de ouders.",
    ]
    assert page.input_value("#postcode") == "3511"
    check_page(page, "school-2-form-with-errors")

    page.fill("#reference", "Sara B.")
    page.check("#consent")
    page.get_by_role("button", name="Aanvraag opslaan").click()
    page.wait_for_url(f"{base}/school/{school_id}/aanvragen")
    row = page.locator("tr", has_text="Sara B.")
    assert "Urgent" in row.inner_text()
    assert "wacht" in row.inner_text()

    page.get_by_role("link", name="CSV uploaden").click()
    check_page(page, "school-3-upload")
    _upload(page, _csv("havo", "vwo", "havo5"))
    problems = page.locator(".error-summary")
    assert 'rij 4, kolom "niveau": onbekend niveau "havo5"' in problems.inner_text()
    check_page(page, "school-4-upload-with-row-error")
    with database.unit_of_work() as session:
        assert session.scalars(select(Pupil.reference)).all() == ["Sara B."]

    _upload(page, _csv("havo", "vwo", "havo"))
    page.wait_for_url(f"{base}/school/{school_id}/aanvragen")
    assert "Opgeslagen aanvragen: 3." in page.locator(".flash-messages").inner_text()
    check_page(page, "school-5-list-after-upload")

    page.get_by_role("link", name="Rij 3").click()
    assert "vwo" in page.locator(".facts").inner_text()
    check_page(page, "school-6-request")
    page.get_by_role("link", name="Aanvraag intrekken").click()
    check_page(page, "school-7-withdraw-confirm")
    page.get_by_role("button", name="Ja, trek de aanvraag in").click()
    page.wait_for_url(f"{base}/school/{school_id}/aanvragen")
    assert "ingetrokken" in page.locator("tr", has_text="Rij 3").inner_text()

    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "school-8-list-on-a-phone")
