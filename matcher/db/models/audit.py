"""The append-only audit log: who did what to which record, and when.

An entry names the record by type and id and never copies personal data, so the
log survives the anonymisation of the people it mentions. Updates and deletes are
refused by the ORM here and by a trigger in the database (see the migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from matcher.db.models.base import Base, created_at_column


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntry(Base):
    """One recorded action; ``details`` holds codes (old/new state), never names."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_at_column()
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


def _refuse(_mapper: Mapper[Any], _connection: Any, entry: AuditEntry) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {entry.id} cannot be changed or deleted")


event.listen(AuditEntry, "before_update", _refuse)
event.listen(AuditEntry, "before_delete", _refuse)

# The same guard in the database, for tables built by ``create_all`` in tests.
# The migrations carry their own copy of this SQL, frozen at the revision.
SQLITE_TRIGGERS = tuple(
    DDL(
        f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
)
POSTGRESQL_TRIGGERS = (
    DDL(
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$"
    ),
    DDL(
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
    ),
)
for _ddl in SQLITE_TRIGGERS:
    event.listen(AuditEntry.__table__, "after_create", _ddl.execute_if(dialect="sqlite"))
for _ddl in POSTGRESQL_TRIGGERS:
    event.listen(AuditEntry.__table__, "after_create", _ddl.execute_if(dialect="postgresql"))
