"""The audit log can be added to, never changed or emptied."""

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from matcher.db.models import AuditEntry, AuditLogIsAppendOnly


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
    [update(AuditEntry).values(action="edited"), delete(AuditEntry)],
    ids=["update", "delete"],
)
def test_the_database_refuses_bulk_changes_that_bypass_the_orm(database, statement):
    write_entry(database)
    with database.unit_of_work() as session, pytest.raises(DatabaseError, match="append-only"):
        session.execute(statement)
    with database.unit_of_work() as session:
        assert session.scalar(text("SELECT action FROM audit_entries")) == "match.approved"
