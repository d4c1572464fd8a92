"""The school side of a pair: whom a notice about the pupil reaches."""

from __future__ import annotations

from matcher.contacts.school_side import notice_audience
from matcher.db.models import Pupil, School, User


def mentor_of(session, pupil: Pupil, *, active: bool = True) -> User:
    mentor = User(email="mentor@school.example", role="mentor", display_name="Mila Mentor",
                  active=active, schools=[session.get(School, pupil.school_id)])
    session.add(mentor)
    session.flush()
    pupil.mentor_id = mentor.id
    return mentor


def emails(users) -> list[str]:
    return [user.email for user in users]


def test_without_a_mentor_the_schools_contacts_are_told(database, pairs):
    utrecht, _rotterdam = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        told = emails(notice_audience(session, pupil))
    assert told and all(email.startswith("school") for email in told)


def test_a_named_mentor_is_told_instead_of_the_contacts(database, pairs):
    utrecht, _rotterdam = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        mentor_of(session, pupil)
        assert emails(notice_audience(session, pupil)) == ["mentor@school.example"]


def test_a_switched_off_mentor_leaves_the_notice_to_the_contacts(database, pairs):
    utrecht, _rotterdam = pairs
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, utrecht.pupil)
        mentor_of(session, pupil, active=False)
        told = emails(notice_audience(session, pupil))
    assert told and "mentor@school.example" not in told
