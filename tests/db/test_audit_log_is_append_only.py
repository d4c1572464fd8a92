"""The audit log can be added to, never changed, and emptied only of entries past its period."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from matcher.db.models import AuditEntry, AuditLogIsAppendOnly
from matcher.db.models.audit import RETENTION_DAYS, RETENTION_OPTION
from matcher.privacy import inventory
from matcher.shared import clock


def write_entry(database) -> int:
    with database.unit_of_work() as session:
        entry = AuditEntry(action="match.approved", entity_type="match", entity_id=7)
        session.add(entry)
        session.commit()
        return entry.id


def test_an_entry_records_who_did_what_to_which_record(database):
    write_entry(database)
    with database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.entity_type, entry.entity_id) == ("match.approved", "match", 7)
        assert entry.at.tzinfo is not None


def test_changing_an_entry_through_the_orm_is_refused(database):
    entry_id = write_entry(database)
    with database.unit_of_work() as session, pytest.raises(AuditLogIsAppendOnly):
        session.get(AuditEntry, entry_id).action = "match.rejected"
        session.flush()


def test_deleting_an_entry_through_the_orm_is_refused(database):
    entry_id = write_entry(database)
    with database.unit_of_work() as session, pytest.raises(AuditLogIsAppendOnly):
        session.delete(session.get(AuditEntry, entry_id))
        session.flush()


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEntry).values(action="edited"),
        delete(AuditEntry),
        update(AuditEntry).values(action="edited").execution_options(
            **{RETENTION_OPTION: True}
        ),
    ],
    ids=["update", "delete", "update marked as retention"],
)
def test_bulk_changes_through_the_orm_are_refused(database, statement):
    write_entry(database)
    with database.unit_of_work() as session, pytest.raises(AuditLogIsAppendOnly):
        session.execute(statement)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET action = 'edited'", "DELETE FROM audit_entries"],
    ids=["update", "delete"],
)
def test_the_database_refuses_changes_that_bypass_the_orm(database, statement):
    write_entry(database)
    with database.unit_of_work() as session, pytest.raises(DatabaseError, match="append-only"):
        session.execute(text(statement))
    with database.unit_of_work() as session:
        assert session.scalar(text("SELECT action FROM audit_entries")) == "match.approved"


def test_the_database_refuses_retention_deleting_an_entry_younger_than_the_period(database):
    write_entry(database)
    with clock.frozen_at(datetime.now(UTC) - timedelta(days=RETENTION_DAYS - 1)):
        write_entry(database)
    young = delete(AuditEntry).execution_options(**{RETENTION_OPTION: True})
    with database.unit_of_work() as session, pytest.raises(DatabaseError, match="append-only"):
        session.execute(young)
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 2


def test_the_database_lets_retention_delete_an_entry_older_than_the_period(database):
    with clock.frozen_at(datetime.now(UTC) - timedelta(days=RETENTION_DAYS, hours=1)):
        old_id = write_entry(database)
    young_id = write_entry(database)
    with database.unit_of_work() as session:
        session.execute(
            delete(AuditEntry).where(AuditEntry.id == old_id)
            .execution_options(**{RETENTION_OPTION: True})
        )
        session.commit()
    with database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry.id)).all() == [young_id]


def test_the_database_guard_uses_the_audit_period_of_the_data_inventory():
    assert inventory.RETENTION["audit"].days == RETENTION_DAYS
