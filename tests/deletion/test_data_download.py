"""The volunteer's data download holds their own data, exactly, and nobody else's."""

from __future__ import annotations

import json

from sqlalchemy import select

from matcher.db.models import Pupil, User
from matcher.privacy import inventory
from matcher.volunteers import own_profile
from tests.deletion.world import BETTIE, OTTO, WIM, volunteer_actor
from tests.web.web_helpers import sign_in


def shown_to_self(table: str) -> set[str]:
    return {entry.column for entry in inventory.for_table(table) if "self" in entry.roles}


def download(database, world) -> dict:
    with database.unit_of_work() as session:
        return own_profile.export_data(session, volunteer_actor(world.bettie))


def test_the_download_holds_exactly_the_columns_the_inventory_shows_the_volunteer(
    database, world
):
    data = download(database, world)

    assert set(data) == {
        "account", "volunteer_profile", "history", "contact_moments", "holiday_pauses",
        "concerns",
    }
    assert set(data["account"]) == shown_to_self("users")
    assert set(data["volunteer_profile"]) == shown_to_self("volunteer_profiles")
    assert data["account"]["email"] == BETTIE["email"]
    assert data["volunteer_profile"]["phone"] == BETTIE["phone"]
    assert data["volunteer_profile"]["motivation"] == BETTIE["motivation"]


def test_staff_only_notes_about_the_volunteer_stay_out_of_the_download(database, world):
    text = json.dumps(download(database, world))

    assert "self" not in inventory.entry("volunteer_profiles", "intake_notes").roles
    assert BETTIE["intake_notes"] not in text
    assert BETTIE["screening_reason"] not in text
    assert "password_hash" not in text and "totp_secret" not in text


def test_the_download_tells_nothing_about_pupils_or_other_people(database, world):
    text = json.dumps(download(database, world))

    with database.unit_of_work() as session:
        pupils = session.scalars(select(Pupil)).all()
        strangers = session.scalars(select(User).where(User.id != world.bettie.user_id)).all()
        others = [
            *(p.reference for p in pupils),
            *(p.priority_reason for p in pupils if p.priority_reason),
            *(u.email for u in strangers),
            *OTTO.values(),
            *WIM.values(),
        ]
    assert others
    assert [value for value in others if value in text] == []


def test_the_history_lists_what_happened_to_the_volunteer_only(database, world):
    for person in (world.bettie, world.otto):
        database.run_in_transaction(
            lambda session, person=person: own_profile.pause(session, volunteer_actor(person))
        )

    history = download(database, world)["history"]

    assert [entry["action"] for entry in history] == ["volunteer.paused_self"]
    assert set(history[0]) == {"at", "action"}


def test_the_download_button_serves_the_same_json_as_an_attachment(client, database, world):
    sign_in(client, world.bettie)

    response = client.get("/vrijwilliger/mijn-gegevens.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_json() == download(database, world)
