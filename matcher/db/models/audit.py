"""The append-only audit log: who did what to which record, and when.

An entry names the record by type and id and never copies personal data, so the
log survives the anonymisation of the people it mentions. Updates are refused, and
so are deletes, by the ORM here and by a trigger in the database (see the
migrations) — with one exception: the retention job deletes entries older than the
data inventory's "audit" period. The database checks the age itself, and the ORM
lets a bulk delete through only when it carries the :data:`RETENTION_OPTION`
execution option, which only :mod:`matcher.deletion.retention` sets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, ColumnElement, ForeignKey, String, event, func, literal_column
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column

from matcher.db.models.base import Base, created_at_column

# The "audit" period of matcher.privacy.inventory, which this layer may not import;
# a test holds the two equal, and changing it needs a migration of the triggers.
RETENTION_DAYS = 1826
RETENTION_OPTION = "audit_retention"


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


def _refuse_bulk(state: ORMExecuteState) -> None:
    """Refuse ``update(AuditEntry)`` always, ``delete(AuditEntry)`` unless it is retention's."""
    if not (state.is_update or state.is_delete):
        return
    if not any(mapper.class_ is AuditEntry for mapper in state.all_mappers):
        return
    if state.is_delete and state.execution_options.get(RETENTION_OPTION):
        return
    raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


def past_retention_by_database_clock(dialect: str) -> ColumnElement[bool]:
    """Whether an entry is past the period by the database's clock, as its trigger asks.

    The retention job adds this to its own test (by Koppel's clock), so a clock that
    runs ahead of the database's can never make the trigger refuse a purge.
    """
    if dialect == "sqlite":
        return func.julianday(AuditEntry.at) <= func.julianday("now", f"-{RETENTION_DAYS} days")
    return AuditEntry.at <= func.now() - literal_column(f"interval '{RETENTION_DAYS} days'")


event.listen(AuditEntry, "before_update", _refuse)
event.listen(AuditEntry, "before_delete", _refuse)
event.listen(Session, "do_orm_execute", _refuse_bulk)

# The same guard in the database, for tables built by ``create_all`` in tests.
# The migrations carry their own copy of this SQL, frozen at the revision.
_REFUSAL = "SELECT RAISE(ABORT, 'audit_entries is append-only')"
SQLITE_TRIGGERS = (
    DDL(
        "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        f"BEGIN {_REFUSAL}; END"
    ),
    DDL(
        "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
        f"WHEN julianday(OLD.at) > julianday('now', '-{RETENTION_DAYS} days') "
        f"BEGIN {_REFUSAL}; END"
    ),
)
POSTGRESQL_TRIGGERS = (
    DDL(
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"IF TG_OP = 'DELETE' AND OLD.at <= now() - interval '{RETENTION_DAYS} days' "
        "THEN RETURN OLD; END IF; "
        "RAISE EXCEPTION 'audit_entries is append-only'; END $$"
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
