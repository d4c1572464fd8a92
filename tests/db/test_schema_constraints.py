"""Rules the database itself enforces, whatever code writes to it."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from matcher.db.models import Match, Pupil, Region, School, User, VolunteerProfile


def add_and_commit(database, *rows) -> None:
    with database.unit_of_work() as session:
        session.add_all(rows)
        session.commit()


def test_emails_are_stored_lowercased_and_unique_regardless_of_case(database):
    add_and_commit(database, User(email="Ann@Example.ORG", role="admin"))
    with database.unit_of_work() as session:
        assert session.scalar(select(User.email)) == "ann@example.org"
    with pytest.raises(IntegrityError):
        add_and_commit(database, User(email="ANN@example.org ", role="volunteer"))


def test_a_role_outside_the_known_roles_is_refused(database):
    with pytest.raises(IntegrityError):
        add_and_commit(database, User(email="x@example.org", role="superuser"))


def test_anonymised_users_may_all_have_no_email(database):
    add_and_commit(database, User(email=None, role="volunteer"), User(email=None, role="school"))
    with database.unit_of_work() as session:
        assert len(session.scalars(select(User)).all()) == 2


def test_a_foreign_key_to_a_missing_row_is_refused(database):
    with pytest.raises(IntegrityError):
        add_and_commit(database, School(name="Nowhere", brin="00AA", region_id=999))


def test_one_brin_may_have_several_locations_but_each_only_once(database, scenario):
    add_and_commit(database, School(name="Demo 2", brin="99ZZ", vestiging="01", region_id=1))
    with pytest.raises(IntegrityError):
        add_and_commit(database, School(name="Demo 3", brin="99ZZ", vestiging="01", region_id=1))


@pytest.mark.parametrize(
    ("field", "value"),
    [("capacity", 0), ("mode", "telepathy"), ("screening_state", "maybe"), ("latitude", 91.0)],
)
def test_a_volunteer_profile_out_of_range_is_refused(database, field, value):
    profile = VolunteerProfile(user=User(email="v@example.org", role="volunteer"))
    setattr(profile, field, value)
    if field == "latitude":
        profile.longitude = 5.0
    with pytest.raises(IntegrityError):
        add_and_commit(database, profile)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pc4", 999),
        ("pc4", 10000),
        ("school_year", 7),
        ("level", "mbo"),
        ("priority", "asap"),
        ("needs_language", "xx"),
        ("consent_version", "v1"),
        ("days_waited_before", -1),
    ],
)
def test_a_pupil_out_of_range_is_refused(database, scenario, field, value):
    pupil = Pupil(school_id=scenario.school_id, reference="LL-002", school_year=1, level="vwo")
    setattr(pupil, field, value)
    with pytest.raises(IntegrityError):
        add_and_commit(database, pupil)


def test_a_school_reference_is_unique_within_the_school(database, scenario):
    with pytest.raises(IntegrityError):
        add_and_commit(
            database,
            Pupil(school_id=scenario.school_id, reference="LL-001", school_year=1, level="vwo"),
        )


def match(scenario, volunteer: int, state: str) -> Match:
    return Match(
        volunteer_id=scenario.volunteer_ids[volunteer], pupil_id=scenario.pupil_id, state=state
    )


def test_a_pupil_cannot_have_two_approved_or_active_matches(database, scenario):
    add_and_commit(database, match(scenario, 0, "active"))
    with pytest.raises(IntegrityError):
        add_and_commit(database, match(scenario, 1, "approved"))


def test_a_pupil_may_have_many_proposals_and_past_matches_next_to_one_live_match(
    database, scenario
):
    add_and_commit(
        database,
        match(scenario, 0, "ended"),
        match(scenario, 0, "declined"),
        match(scenario, 1, "proposed"),
        match(scenario, 1, "active"),
    )
    with database.unit_of_work() as session:
        assert len(session.scalars(select(Match)).all()) == 4


def test_a_match_cost_must_lie_within_the_contract_range(database, scenario):
    too_dear = match(scenario, 0, "proposed")
    too_dear.cost = 1_000_000
    with pytest.raises(IntegrityError):
        add_and_commit(database, too_dear)


def test_times_come_back_aware_in_utc(database):
    amsterdam = timezone(timedelta(hours=2))
    add_and_commit(
        database,
        Region(name="Delft", slug="delft", created_at=datetime(2024, 5, 1, 12, tzinfo=amsterdam)),
    )
    with database.unit_of_work() as session:
        assert session.scalar(select(Region.created_at)) == datetime(2024, 5, 1, 10, tzinfo=UTC)


def test_a_naive_time_is_refused_before_it_reaches_the_database(database):
    with pytest.raises(StatementError, match="timezone-aware"):
        add_and_commit(
            database, Region(name="Delft", slug="delft", created_at=datetime(2024, 5, 1))
        )


def test_a_coordinator_keeps_the_regions_they_were_given(database, scenario):
    with database.unit_of_work() as session:
        coordinator = session.get(User, scenario.coordinator_id)
        assert [region.slug for region in coordinator.regions] == ["utrecht"]
        assert coordinator.regions[0].covers(3511) and not coordinator.regions[0].covers(1011)
