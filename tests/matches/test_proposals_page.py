"""The proposals page over HTTP: what people typed is escaped, numbers read the language's way."""

from __future__ import annotations

import pytest

from matcher.db.models import Pupil, VolunteerProfile
from tests.matches.test_web_lifecycle import ids_in
from tests.matches.web_world import coordinator_of, signed_in, start_run


@pytest.fixture
def utrecht(app, database, places):
    """A signed-in Utrecht coordinator, the region's pupil and volunteer ids."""
    person = coordinator_of(database, places["utrecht"], "u@x.nl")
    return signed_in(app.test_client(), person), *ids_in(database, places["utrecht"])


def test_names_and_references_typed_by_people_are_escaped_on_the_proposals_page(
    utrecht, database, places
):
    client, pupils, volunteers = utrecht
    with database.unit_of_work() as session:
        for pupil_id in pupils:
            session.get(Pupil, pupil_id).reference = f'<b id="p{pupil_id}">&'
        for volunteer_id in volunteers:
            session.get(VolunteerProfile, volunteer_id).user.display_name = (
                '<script>alert("x")</script>')
        session.commit()
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    page = client.get(run_url).get_data(as_text=True)
    assert "<script>alert" not in page and "<b id=" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert f"&lt;b id=&quot;p{pupils[0]}&quot;&gt;&amp;" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "2,5 uur per week gemeenschappelijk vrij."),
     ("en", "2.5 hours a week free in common.")],
)
def test_common_hours_are_written_with_the_languages_decimal_sign(
    utrecht, database, places, language, expected
):
    client, pupils, volunteers = utrecht
    two_and_a_half_hours = [{"day": "mon", "start": 900, "end": 1050}]
    with database.unit_of_work() as session:
        for pupil_id in pupils:
            session.get(Pupil, pupil_id).availability = two_and_a_half_hours
        for volunteer_id in volunteers:
            session.get(VolunteerProfile, volunteer_id).availability = two_and_a_half_hours
        session.commit()
    run_url = start_run(client, places["utrecht"]).headers["Location"]
    assert expected in client.get(f"{run_url}?lang={language}").get_data(as_text=True)
