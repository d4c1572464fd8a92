"""The demo scenario loads into an empty database and its logins work."""

from sqlalchemy import func, select

from fixtures import demo_db
from matcher.accounts.passwords import verify_password
from matcher.db.models import Concern, Pupil, Region, School, User, VolunteerProfile
from matcher.db.queries import user_by_email
from matcher.shared.postcodes import DEFAULT_REGIONS


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_demo_fills_every_region_and_the_requested_people_once(database):
    assert demo_db.load(database, pupils=12, volunteers=9)
    assert not demo_db.load(database, pupils=12, volunteers=9)
    with database.unit_of_work() as session:
        assert count(session, Region) == len(DEFAULT_REGIONS)
        assert count(session, Pupil) == 12
        assert count(session, VolunteerProfile) == 9 + 1
        assert count(session, School) >= 1
        # The volunteers, the demo logins, a designated contact for every other school and
        # the demo coordinator's absent colleague.
        schools = count(session, School)
        assert count(session, User) == 9 + len(demo_db.DEMO_LOGINS) + schools - 1 + 1


def test_each_demo_login_signs_in_with_its_password_and_has_its_scope(database):
    demo_db.load(database, pupils=12, volunteers=9)
    with database.unit_of_work() as session:
        for login in demo_db.DEMO_LOGINS:
            user = user_by_email(session, login.email)
            assert user.role == login.role
            assert verify_password(user.password_hash, login.password)
        coordinator = user_by_email(session, "coordinator@demo.koppel.test")
        assert [region.slug for region in coordinator.regions] == ["utrecht"]
        school_contact = user_by_email(session, "school@demo.koppel.test")
        assert [school.region.slug for school in school_contact.schools] == ["utrecht"]


def test_the_demo_has_a_concern_in_each_state_for_the_demo_school(database):
    demo_db.load(database)
    with database.unit_of_work() as session:
        states = sorted(session.scalars(select(Concern.state)))
    assert states == ["closed", "handed_over", "raised", "received"]
