"""Writing the audit log: who did what to which record, with ids and codes only.

Use cases call :func:`record` inside their own unit of work, so an entry exists if
and only if the change it describes was committed. ``details`` must hold ids, state
codes and counts — never names, addresses or free text typed by a person.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from matcher.db.models import AuditEntry


def record(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    actor_user_id: int | None,
    **details: Any,
) -> AuditEntry:
    """Add one audit entry to the caller's transaction (the caller commits)."""
    entry = AuditEntry(
        actor_user_id=actor_user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details,
    )
    session.add(entry)
    return entry
