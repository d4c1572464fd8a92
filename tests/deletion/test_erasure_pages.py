"""Erasure through the web, with CSRF on: the volunteer's own page and the coordinator's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.db.models import AuditEntry, Pupil, User, VolunteerProfile
from matcher.deletion import erasure
from tests.deletion.world import BETTIE, WIM, personal_values_left
from tests.web.web_helpers import csrf_token, pass_second_factor, sign_in, submit

ERASE_ME = "/vrijwilliger/gegevens-wissen"


def erase_page(pupil_id: int) -> str:
    return f"/coordinator/leerlingen/{pupil_id}/wissen"


def signed_in_staff(client, person):
    sign_in(client, person)
    pass_second_factor(client, person)
    return client


def bettie_is_untouched(database, world) -> bool:
    with database.unit_of_work() as session:
        user = session.get(User, world.bettie.user_id)
        return user.anonymised_at is None and user.email == BETTIE["email"]


def test_the_home_page_links_to_a_page_that_explains_before_anything_happens(
    client, database, world
):
    sign_in(client, world.bettie)

    home = client.get("/vrijwilliger").get_data(as_text=True)
    page = client.get(ERASE_ME)

    assert ERASE_ME in home
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "worden eerst beëindigd (2)" in text
    assert "alleen nummers" in text
    assert 'method="post"' in text
    assert bettie_is_untouched(database, world)


def test_erasing_signs_out_here_and_everywhere_and_shows_a_plain_confirmation(
    app, client, database, world
):
    elsewhere = app.test_client()
    sign_in(elsewhere, world.bettie)
    sign_in(client, world.bettie)

    response = submit(client, ERASE_ME, {})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vrijwilliger/gegevens-gewist")
    done = client.get(response.headers["Location"])
    assert done.status_code == 200
    assert "Uw gegevens zijn gewist" in done.get_data(as_text=True)
    assert BETTIE["display_name"] not in done.get_data(as_text=True)
    for browser in (client, elsewhere):
        again = browser.get("/vrijwilliger")
        assert again.status_code == 302
        assert "/inloggen" in again.headers["Location"]
    with database.unit_of_work() as session:
        profile = session.get(VolunteerProfile, world.bettie_profile_id)
        assert personal_values_left(profile) == {}
        assert personal_values_left(session.get(User, world.bettie.user_id)) == {}


def test_the_old_password_no_longer_signs_in_after_erasure(client, world):
    sign_in(client, world.bettie)
    submit(client, ERASE_ME, {})

    sign_in(client, world.bettie)

    assert client.get("/vrijwilliger").status_code == 302


def test_a_post_without_the_csrf_token_erases_nothing(client, database, world):
    sign_in(client, world.bettie)

    response = client.post(ERASE_ME, data={})

    assert response.status_code == 400
    assert bettie_is_untouched(database, world)


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_erased(client, database, world):
    response = client.post(ERASE_ME, data={})

    assert response.status_code in (302, 400)
    assert client.get(ERASE_ME).status_code == 302
    assert bettie_is_untouched(database, world)


def test_the_coordinator_finds_the_erase_link_on_a_withdrawn_pupils_file_and_erases_it(
    client, database, world
):
    signed_in_staff(client, world.coordinator)
    page = erase_page(world.withdrawn_pupil_id)

    file = client.get(f"/coordinator/leerlingen/{world.withdrawn_pupil_id}")
    confirm = client.get(page)
    response = submit(client, page, {})

    assert page in file.get_data(as_text=True)
    assert confirm.status_code == 200
    assert WIM["reference"] in confirm.get_data(as_text=True)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/coordinator/leerlingen/{world.withdrawn_pupil_id}"
    )
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "zijn gewist" in after
    assert WIM["reference"] not in after
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, world.withdrawn_pupil_id)
        assert personal_values_left(pupil) == {}
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == erasure.PUPIL_ERASED))
        assert (entry.entity_id, entry.actor_user_id) == (
            world.withdrawn_pupil_id, world.coordinator.user_id
        )


def test_an_open_request_shows_why_it_cannot_be_erased_and_offers_no_button(
    client, database, world
):
    signed_in_staff(client, world.coordinator)
    page = erase_page(world.waiting_pupil_id)

    shown = client.get(page).get_data(as_text=True)
    refused = client.post(page, data={"csrf_token": csrf_token(client, page)})

    assert "trekt de aanvraag eerst in" in shown
    assert "Ja, wis" not in shown
    assert f"/coordinator/leerlingen/{world.waiting_pupil_id}/wissen" not in client.get(
        f"/coordinator/leerlingen/{world.waiting_pupil_id}"
    ).get_data(as_text=True)
    assert refused.status_code == 409
    assert "trekt de aanvraag eerst in" in refused.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(Pupil, world.waiting_pupil_id).anonymised_at is None


def test_an_erased_request_says_so_instead_of_erasing_again(client, world):
    signed_in_staff(client, world.coordinator)
    page = erase_page(world.withdrawn_pupil_id)
    submit(client, page, {})

    again = client.get(page)

    assert again.status_code == 200
    assert "al gewist" in again.get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_coordinator_of_another_region_gets_404_and_nothing_changes(
    client, database, world, method
):
    signed_in_staff(client, world.rotterdam_coordinator)
    page = erase_page(world.withdrawn_pupil_id)
    token = csrf_token(client, erase_page(world.rotterdam_pupil_id))

    response = client.open(page, method=method, data={"csrf_token": token})

    assert response.status_code == 404
    assert WIM["reference"] not in response.get_data(as_text=True)
    with database.unit_of_work() as session:
        assert session.get(Pupil, world.withdrawn_pupil_id).reference == WIM["reference"]
        viewed = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.actor_user_id
                                               == world.rotterdam_coordinator.user_id)
        ).all()
    assert world.withdrawn_pupil_id not in viewed


def test_an_unknown_pupil_is_404(client, world):
    signed_in_staff(client, world.coordinator)

    assert client.get(erase_page(999_999)).status_code == 404


@pytest.mark.parametrize("who", ["bettie", "school_contact"])
def test_volunteers_and_school_contacts_cannot_use_the_coordinators_erase_page(
    client, database, world, who
):
    sign_in(client, getattr(world, who))

    response = client.get(erase_page(world.withdrawn_pupil_id))

    assert response.status_code == 403
    with database.unit_of_work() as session:
        assert session.get(Pupil, world.withdrawn_pupil_id).anonymised_at is None


def test_a_coordinator_cannot_reach_a_volunteers_erase_page(client, world):
    signed_in_staff(client, world.coordinator)

    assert client.get(ERASE_ME).status_code == 403


def test_the_pages_speak_english_when_asked_and_the_language_survives_the_sign_out(
    client, world
):
    sign_in(client, world.bettie)

    page = client.get(ERASE_ME + "?lang=en").get_data(as_text=True)
    done = client.get(submit(client, ERASE_ME, {}).headers["Location"]).get_data(as_text=True)

    assert "Yes, erase my data" in page
    assert "Your matches with pupils are ended first (2)" in page
    assert "Your data has been erased" in done


def test_the_coordinators_page_speaks_english_when_asked(client, world):
    signed_in_staff(client, world.coordinator)

    open_request = client.get(erase_page(world.waiting_pupil_id) + "?lang=en")
    closed = client.get(erase_page(world.withdrawn_pupil_id) + "?lang=en")

    assert "The school withdraws it first" in open_request.get_data(as_text=True)
    assert "Yes, erase the data of this request" in closed.get_data(as_text=True)
