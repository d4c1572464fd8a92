"""The school's use cases against a real database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import DDL, func, select

from matcher.accounts.permissions import Actor, NotPermitted, Role
from matcher.db.models import AuditEntry, Match, Pupil, User, VolunteerProfile
from matcher.requests.csv_import import InvalidFile
from matcher.requests.problems import InvalidRequest
from matcher.requests.rules import CONSENT_VERSION
from matcher.requests.school_requests import (
    CannotWithdraw,
    RequestNotFound,
    create_request,
    import_requests_csv,
    list_school_requests,
    show_request,
    withdraw_request,
)
from matcher.shared import clock

from .conftest import START, valid_values
from .test_request_csv import EXAMPLE, HEADER, file_of

pytestmark = pytest.mark.usefixtures("at_start")


def create(database, schools, **changes):
    return database.run_in_transaction(
        lambda session: create_request(
            session, schools.contact, school_id=schools.school_id, values=valid_values(**changes)
        )
    )


def import_csv(database, schools, data: bytes):
    return database.run_in_transaction(
        lambda session: import_requests_csv(
            session, schools.contact, school_id=schools.school_id, data=data
        )
    )


def by_contact(database, schools, use_case, pupil_id: int):
    """The Utrecht contact runs ``use_case`` (show or withdraw) on one of the school's requests."""
    with database.unit_of_work() as session:
        result = use_case(session, schools.contact, pupil_id=pupil_id)
        session.commit()
        return result


def count(database, model) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def audit_actions(database) -> list[tuple[str, str, int | None]]:
    with database.unit_of_work() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, e.entity_type, e.entity_id) for e in entries]


def rows(*references: str) -> list[str]:
    return [EXAMPLE.replace("Sara B.", reference) for reference in references]


def test_a_created_request_waits_with_consent_recorded_and_only_the_pc4_kept(database, schools):
    pupil_id = create(database, schools, postcode="3511 AB", needs="onveilig_thuis")
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, pupil_id)
        assert (pupil.state, pupil.priority, pupil.pc4) == ("waiting", "urgent", 3511)
        assert (pupil.consent_version, pupil.consent_recorded_at) == (CONSENT_VERSION, START)
        assert pupil.waiting_since == START
        assert pupil.created_by_id == schools.contact_id
        assert pupil.latitude is not None
    assert audit_actions(database) == [("pupil.create", "pupil", pupil_id)]


def test_a_reference_is_unique_within_a_school_whatever_its_case(database, schools):
    create(database, schools, reference="Sara B.")
    with pytest.raises(InvalidRequest) as refused:
        create(database, schools, reference="sara b.")
    assert [p.text() for p in refused.value.problems] == [
        '"sara b." is al gebruikt voor een andere aanvraag van deze school'
    ]
    assert count(database, Pupil) == 1


def test_another_school_may_use_the_same_reference(database, schools):
    create(database, schools, reference="Sara B.")
    with database.unit_of_work() as session:
        create_request(
            session,
            schools.other_contact,
            school_id=schools.other_school_id,
            values=valid_values(postcode="9711"),
        )
        session.commit()
    assert count(database, Pupil) == 2


def test_an_invalid_request_saves_nothing_and_audits_nothing(database, schools):
    with pytest.raises(InvalidRequest):
        create(database, schools, level="havo5")
    assert (count(database, Pupil), count(database, AuditEntry)) == (0, 0)


def test_a_valid_file_stores_every_pupil_in_file_order(database, schools):
    result = import_csv(database, schools, file_of(HEADER, *rows("A-1", "A-2", "A-3")))
    with database.unit_of_work() as session:
        stored = [session.get(Pupil, pupil_id).reference for pupil_id in result.pupil_ids]
    assert stored == ["A-1", "A-2", "A-3"]
    assert [a for a, _, _ in audit_actions(database)] == ["pupil.create"] * 3


def test_one_bad_row_saves_nothing_and_the_message_names_row_and_column(database, schools):
    lines = rows("A-1", "A-2", "A-3", "A-4", "A-5")
    lines[4] = lines[4].replace(";havo;", ";havo5;")
    with pytest.raises(InvalidFile) as refused:
        import_csv(database, schools, file_of(HEADER, "", *lines))
    assert [p.text() for p in refused.value.problems] == [
        'rij 7, kolom "niveau": onbekend niveau "havo5"'
    ]
    assert (count(database, Pupil), count(database, AuditEntry)) == (0, 0)


def test_repeated_and_already_used_references_are_named_by_row(database, schools):
    create(database, schools, reference="Oud-1")
    with pytest.raises(InvalidFile) as refused:
        import_csv(database, schools, file_of(HEADER, *rows("A-1", "Oud-1", "a-1")))
    assert [p.text() for p in refused.value.problems] == [
        'rij 3, kolom "referentie": "Oud-1" is al gebruikt voor een andere aanvraag van deze '
        "school",
        'rij 4, kolom "referentie": staat ook al in rij 2; elke leerling krijgt een eigen '
        "referentie",
    ]


def test_a_failure_in_the_middle_of_an_import_leaves_nothing_half_saved(database, schools):
    # A trigger in the database refuses the third row, after two rows were written.
    if database.engine.dialect.name == "sqlite":
        refuse = [
            "CREATE TRIGGER refuse_third BEFORE INSERT ON pupils WHEN NEW.reference = 'A-3' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        ]
        clean_up = ["DROP TRIGGER refuse_third"]
    else:
        refuse = [
            "CREATE FUNCTION refuse_third() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.reference = 'A-3' THEN RAISE EXCEPTION 'injected failure'; END IF; "
            "RETURN NEW; END $$",
            "CREATE TRIGGER refuse_third BEFORE INSERT ON pupils "
            "FOR EACH ROW EXECUTE FUNCTION refuse_third()",
        ]
        clean_up = ["DROP TRIGGER refuse_third ON pupils", "DROP FUNCTION refuse_third()"]
    run_sql(database, refuse)
    try:
        with pytest.raises(Exception, match="injected failure"):
            import_csv(database, schools, file_of(HEADER, *rows("A-1", "A-2", "A-3", "A-4")))
        assert (count(database, Pupil), count(database, AuditEntry)) == (0, 0)
    finally:
        run_sql(database, clean_up)


def run_sql(database, statements: list[str]) -> None:
    with database.engine.begin() as connection:
        for statement in statements:
            connection.execute(DDL(statement))


def test_the_list_shows_own_requests_open_first_and_longest_waiting_first(database, schools):
    first = create(database, schools, reference="Eerste")
    clock.advance(timedelta(days=5))
    second = create(database, schools, reference="Tweede")
    withdrawn = create(database, schools, reference="Weg")
    clock.advance(timedelta(days=2))
    by_contact(database, schools, withdraw_request, withdrawn)
    clock.advance(timedelta(days=3))
    with database.unit_of_work() as session:
        listed = list_school_requests(session, schools.contact, school_id=schools.school_id)
        session.commit()
    assert [(r.id, r.state, r.waiting_days) for r in listed] == [
        (first, "waiting", 10),
        (second, "waiting", 5),
        (withdrawn, "withdrawn", 2),
    ]
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "pupil.list")).one()
        assert (entry.entity_id, entry.details) == (
            schools.school_id,
            {"pupil_ids": [first, second, withdrawn]},
        )


def test_a_school_never_lists_another_schools_requests(database, schools):
    create(database, schools)
    with database.unit_of_work() as session:
        assert (
            list_school_requests(session, schools.other_contact, school_id=schools.other_school_id)
            == []
        )


@pytest.mark.parametrize("use_case", [show_request, withdraw_request])
def test_another_schools_request_is_not_found(database, schools, use_case):
    pupil_id = create(database, schools)
    with database.unit_of_work() as session, pytest.raises(RequestNotFound):
        use_case(session, schools.other_contact, pupil_id=pupil_id)
        session.commit()
    assert [a for a, _, _ in audit_actions(database)] == ["pupil.create"]


def test_viewing_a_request_is_audited_with_ids_only(database, schools):
    pupil_id = create(database, schools)
    by_contact(database, schools, show_request, pupil_id)
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "pupil.view")).one()
        assert (entry.actor_user_id, entry.entity_id, entry.details) == (
            schools.contact_id,
            pupil_id,
            {},
        )


def test_withdrawing_supersedes_open_proposals_and_keeps_the_days_waited(database, schools):
    pupil_id = create(database, schools)
    with database.unit_of_work() as session:
        volunteer = VolunteerProfile(user=User(email="v@example.org", role="volunteer"))
        match = Match(volunteer=volunteer, pupil_id=pupil_id, state="proposed")
        session.add(match)
        session.get(Pupil, pupil_id).state = "proposed"
        session.commit()
        match_id = match.id
    clock.advance(timedelta(days=4, hours=3))
    by_contact(database, schools, withdraw_request, pupil_id)
    with database.unit_of_work() as session:
        pupil = session.get(Pupil, pupil_id)
        assert (pupil.state, pupil.waiting_since) == ("withdrawn", None)
        assert pupil.days_waited_before == 4
        assert session.get(Match, match_id).state == "superseded"
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "pupil.withdraw")
        ).one()
        assert entry.details == {"old_state": "proposed", "superseded_match_ids": [match_id]}


@pytest.mark.parametrize("state", ["matched", "ended", "withdrawn"])
def test_a_request_past_waiting_or_proposed_cannot_be_withdrawn_by_the_school(
    database, schools, state
):
    pupil_id = create(database, schools)
    with database.unit_of_work() as session:
        session.get(Pupil, pupil_id).state = state
        session.commit()
    with pytest.raises(CannotWithdraw):
        by_contact(database, schools, withdraw_request, pupil_id)
    with database.unit_of_work() as session:
        assert session.get(Pupil, pupil_id).state == state


def test_a_volunteer_may_not_create_or_withdraw_a_request(database, schools):
    pupil_id = create(database, schools)
    volunteer = Actor(schools.contact_id + 100, Role.VOLUNTEER)
    with pytest.raises(NotPermitted):
        database.run_in_transaction(
            lambda session: create_request(
                session, volunteer, school_id=schools.school_id, values=valid_values(reference="X")
            )
        )
    with pytest.raises(NotPermitted):
        database.run_in_transaction(
            lambda session: withdraw_request(session, volunteer, pupil_id=pupil_id)
        )
    assert count(database, Pupil) == 1
    assert audit_actions(database) == [("pupil.create", "pupil", pupil_id)]


def test_a_refused_use_case_leaves_nothing_written_although_the_caller_commits(database, schools):
    pupil_id = create(database, schools)
    with database.unit_of_work() as session:
        session.get(Pupil, pupil_id).state = "matched"
        session.commit()
    with pytest.raises(CannotWithdraw):
        database.run_in_transaction(
            lambda session: withdraw_request(session, schools.contact, pupil_id=pupil_id)
        )
    with pytest.raises(RequestNotFound):
        database.run_in_transaction(
            lambda session: list_school_requests(
                session, schools.contact, school_id=schools.other_school_id
            )
        )
    with database.unit_of_work() as session:
        assert session.get(Pupil, pupil_id).state == "matched"
    assert audit_actions(database) == [("pupil.create", "pupil", pupil_id)]
