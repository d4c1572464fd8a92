"""Writing the audit log: who did what to which record, with ids and codes only.

Use cases call :func:`record` inside their own unit of work, so an entry exists if
and only if the change it describes was committed. ``details`` hold ids, state
codes and counts — never names, addresses or free text typed by a person — and
:func:`record` enforces it: a detail must be named in :data:`DETAIL_FIELDS` and its
value must be an int, a bool, ``None``, a short code or a list of those. Anything else
is a programming error and raises :class:`ValueError` before anything is written, so
a careless ``email=user.email`` fails in the first test that reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from matcher.db.models import AuditEntry

# Every detail field an entry may carry. Adding one is a privacy decision: it must
# name an id, a code, a count or a state, never a person.
DETAIL_FIELDS: frozenset[str] = frozenset({
    # ids of records, and lists of them
    "match_ids", "pupil_id", "pupil_ids", "region_id", "run_id", "superseded_runs",
    "ended_match_ids", "superseded_match_ids", "volunteer_id", "volunteer_profile_id",
    "absence_id", "absence_ids", "deputy_id",
    "moment_id", "moment_ids", "pause_id", "questionnaire_id", "questionnaire_ids",
    "end_request_id", "end_request_ids", "concern_id", "api_token_id",
    # codes and states
    "before", "in_region", "old_state", "overridden", "part", "reason_code", "rhythm", "role",
    "state", "step", "via", "kind", "side", "outcome", "scope",
    # counts
    "codes_left", "count", "proposals", "slots",
    # what one retention purge did (matcher.deletion.retention.PurgeReport)
    "accounts", "api_tokens", "audit_entries", "concerns", "jobs", "mails", "matches", "pupils",
    "rate_limit_counters",
    "runs", "tokens", "unconfirmed_sign_ups", "volunteers",
    # a region's escalation thresholds (matcher.contacts.thresholds), whole numbers
    "reminder_percent", "attention_day", "school_notice_day", "unreached_in_a_row",
})
# A code: lowercase, no spaces, no "@" — a state, a reason code, a role, a part name.
_CODE = re.compile(r"[a-z][a-z0-9_.:-]{0,59}")


def record(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    actor_user_id: int | None,
    **details: Any,
) -> AuditEntry:
    """Add one audit entry to the caller's transaction (the caller commits).

    Raises :class:`ValueError` naming the field for a detail not in
    :data:`DETAIL_FIELDS` or a value that is not an id, count or code.
    """
    for name, value in details.items():
        _check_detail(name, value)
    entry = AuditEntry(
        actor_user_id=actor_user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details,
    )
    session.add(entry)
    return entry


def record_many(
    session: Session,
    action: str,
    entity_type: str,
    entity_ids: Sequence[int],
    *,
    actor_user_id: int | None,
    **details: Any,
) -> None:
    """One entry like :func:`record`'s per id of ``entity_ids``, for bulk loads of
    thousands: the details are checked once and the rows go in as one executemany,
    without reading their ids back."""
    for name, value in details.items():
        _check_detail(name, value)
    if entity_ids:
        session.execute(insert(AuditEntry), [
            {"actor_user_id": actor_user_id, "action": action, "entity_type": entity_type,
             "entity_id": entity_id, "details": details}
            for entity_id in entity_ids
        ])


def _check_detail(name: str, value: Any) -> None:
    if name not in DETAIL_FIELDS:
        raise ValueError(f"audit detail {name!r} is not an allowed field (see DETAIL_FIELDS)")
    values = value if isinstance(value, list) else [value]
    for item in values:
        if not _is_plain(item):
            # The value itself stays out of the message: it may be the personal datum.
            raise ValueError(
                f"audit detail {name!r}: a {type(item).__name__} that is not an id, count or code"
            )


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, bool | int):
        return True
    return isinstance(value, str) and _CODE.fullmatch(value) is not None
