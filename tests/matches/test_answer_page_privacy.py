"""A forwarded proposal mail shows a stranger no pupil: the answer page names the pupil's
reference, the school and whom to ask there only to the proposal's volunteer, signed in."""

from __future__ import annotations

from matcher.accounts.passwords import hash_password
from matcher.db.models import Match, User
from matcher.shared import clock
from tests.matches.test_decisions import answer_token, approve, proposal  # noqa: F401
from tests.web.web_helpers import PASSWORD, submit


def _with_password(database, user_id: int) -> str:
    with database.unit_of_work() as session:
        user = session.get(User, user_id)
        user.password_hash, user.email_confirmed_at = hash_password(PASSWORD), clock.now()
        session.commit()
        return user.email


def _facts(database, match_id: int) -> tuple[str, str, int]:
    with database.unit_of_work() as session:
        match = session.get(Match, match_id)
        return match.pupil.reference, match.pupil.school.name, match.volunteer.user_id


def test_the_link_alone_shows_how_and_when_but_not_which_pupil_or_school(
    app, database, settings, proposal  # noqa: F811
):
    approve(database, settings, *proposal)
    reference, school, _volunteer = _facts(database, proposal[1])
    page = app.test_client().get(f"/koppeling/{answer_token(database)}").get_data(as_text=True)
    assert "Wanneer u allebei kunt" in page and "Wiskunde" in page
    assert reference not in page and school not in page
    assert "Inloggen om de school en de leerling te zien" in page


def test_the_signed_in_volunteer_sees_the_pupil_the_school_and_whom_to_ask(
    app, database, settings, proposal  # noqa: F811
):
    approve(database, settings, *proposal)
    reference, school, volunteer_id = _facts(database, proposal[1])
    client = app.test_client()
    submit(client, "/inloggen", {"email": _with_password(database, volunteer_id),
                                 "password": PASSWORD})
    page = client.get(f"/koppeling/{answer_token(database)}").get_data(as_text=True)
    assert reference in page and school in page
    assert "Contactpersoon van de school" in page


def test_another_signed_in_volunteer_sees_no_more_than_a_stranger(
    app, database, settings, proposal  # noqa: F811
):
    approve(database, settings, *proposal)
    reference, school, _volunteer = _facts(database, proposal[1])
    with database.unit_of_work() as session:
        stranger = User(email="stranger@example.org", role="volunteer")
        session.add(stranger)
        session.commit()
        stranger_id = stranger.id
    client = app.test_client()
    submit(client, "/inloggen", {"email": _with_password(database, stranger_id),
                                 "password": PASSWORD})
    page = client.get(f"/koppeling/{answer_token(database)}").get_data(as_text=True)
    assert reference not in page and school not in page
