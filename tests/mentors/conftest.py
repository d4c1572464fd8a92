"""A school with a contact, two mentors and three pupils, and a second school.

The first mentor's pupil has an active match with Anna de Vries: contact moments (one
with a note) and an answered check-in with a comment. The second mentor's pupil waits;
the third pupil has no mentor (the school's contacts act as mentor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from matcher.accounts.passwords import hash_password
from matcher.contacts.moments import MomentEntry, log_moment
from matcher.db.models import Match, PairQuestionnaire, User
from matcher.shared import clock
from tests.matches import world
from tests.matches.world import NOW, actor_of
from tests.web.web_helpers import PASSWORD, Person, settings, sign_in
from webapp import create_app

STARTED = NOW - timedelta(days=30)
NOTE = "Samen de planning voor de toetsweek gemaakt."
COMMENT = "Het klikt goed, ze komt beter voorbereid."


@dataclass(frozen=True)
class School:
    """Ids of the people and pupils around the first school, and of the second school."""

    school: int
    contact: Person
    mentor: Person
    colleague: Person  # the second mentor
    mentored: int  # the first mentor's pupil, matched
    colleagues_pupil: int  # the second mentor's pupil, waiting
    unmentored: int
    match: int
    moments: tuple[int, ...]
    check_in: int
    other_school: int
    other_contact: Person
    other_pupil: int


def _account(session, role: str, email: str, name: str, school) -> Person:
    user = User(email=email, role=role, display_name=name, password_hash=hash_password(PASSWORD),
                email_confirmed_at=NOW - timedelta(days=60), schools=[school])
    session.add(user)
    session.flush()
    return Person(user.id, email, PASSWORD, None)


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def place(database, frozen) -> School:
    with database.unit_of_work() as session:
        region = world.add_region(session, "utrecht")
        school = world.add_school(session, region, contact=False)
        contact = _account(session, "school", "zorg@school.example", "Zorg Coördinator", school)
        mentor = _account(session, "mentor", "mentor@school.example", "Mentor Een", school)
        colleague = _account(session, "mentor", "collega@school.example", "Mentor Twee", school)
        volunteer = world.add_volunteer(session, region)
        volunteer.user.display_name = "Anna de Vries"
        volunteer.phone = "0612345678"
        mentored = world.add_pupil(session, school, state="matched", mentor_id=mentor.user_id)
        waiting = world.add_pupil(session, school, mentor_id=colleague.user_id)
        unmentored = world.add_pupil(session, school)
        match = Match(volunteer_id=volunteer.id, pupil_id=mentored.id, state="active",
                      mode="online", decided_at=STARTED, started_at=STARTED)
        session.add(match)
        other = world.add_school(session, region, contact=False)
        other_contact = _account(session, "school", "zorg@ander.example", "Ander Contact", other)
        other_pupil = world.add_pupil(session, other, state="waiting")
        session.flush()
        volunteer_actor = actor_of(session, volunteer.user_id)
        moments = tuple(
            log_moment(session, volunteer_actor, match.id, MomentEntry(
                happened_on=NOW.date() - timedelta(days=days), minutes=45, way="video",
                topics=topics, mood="good", reached=reached, note=note))
            for days, topics, reached, note in (
                (20, ("wiskunde", "plannen"), True, NOTE),
                (13, ("wiskunde",), True, None),
                (6, (), False, None),
            )
        )
        check_in = PairQuestionnaire(match_id=match.id, kind="week_4", side="mentor",
                                     respondent_id=mentor.user_id, sent_at=NOW - timedelta(days=3),
                                     answered_at=NOW - timedelta(days=2), scores=[4, 5, 3],
                                     comment=COMMENT)
        unanswered = PairQuestionnaire(match_id=match.id, kind="week_4", side="volunteer",
                                       respondent_id=volunteer.user_id,
                                       sent_at=NOW - timedelta(days=3))
        session.add_all([check_in, unanswered])
        session.commit()
        return School(school.id, contact, mentor, colleague, mentored.id, waiting.id,
                      unmentored.id, match.id, moments, check_in.id, other.id, other_contact,
                      other_pupil.id)


@pytest.fixture
def app(database, tmp_path, frozen):
    return create_app(settings(DATABASE=database, DEV_MAILBOX_DIR=str(tmp_path / "mailbox"),
                               PUBLIC_URL="https://koppel.test"))


@pytest.fixture
def client_for(app):
    """``client_for(person)``: a test client signed in as ``person``."""

    def make(person: Person):
        client = app.test_client()
        assert sign_in(client, person).status_code == 302
        return client

    return make
