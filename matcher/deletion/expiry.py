"""Records that go outright when their period ends: mail, jobs, tokens, audit entries, run
payloads.

Unlike people's rows (:mod:`matcher.deletion.retention`), nothing points at a sent
mail, a used token or an old audit entry, so they are deleted. A run is kept for its
figures and its matches, and only the payload the inventory marks personal is emptied.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, null, or_, select, update
from sqlalchemy.orm import Session

from matcher.db.models import ApiToken, AuditEntry, Job, Match, MatchingRun, OutboxMail, Token
from matcher.db.models.audit import RETENTION_OPTION, past_retention_by_database_clock
from matcher.deletion.periods import cutoff
from matcher.privacy import audit, inventory

EMPTIED = "retention.emptied"


def empty_old_runs(session: Session) -> int:
    """Runs created more than the run period ago lose their instance, result and id map.

    Those are the columns of ``matching_runs`` the inventory marks personal
    (pseudonymous); parameters, statistics, state and times are operational and stay,
    so the run still shows in the list and its matches still point at it. The columns
    become SQL NULL (not JSON ``null``), which the pages read as "no payload". The
    explanations of the run's matches share the run's period in the inventory and are
    emptied with it, also for a match still live; the run's audit entry
    (:data:`EMPTIED`) covers them.
    """
    columns = inventory.personal_columns("matching_runs")
    runs = session.scalars(
        select(MatchingRun.id).where(
            MatchingRun.created_at <= cutoff("run"),
            or_(*(getattr(MatchingRun, column).is_not(None) for column in columns)),
        ).order_by(MatchingRun.id)
    ).all()
    if runs:
        session.execute(
            update(MatchingRun).where(MatchingRun.id.in_(runs))
            .values({column: null() for column in columns})
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Match).where(Match.run_id.in_(runs)).values(explanation={})
            .execution_options(synchronize_session=False)
        )
    for run_id in runs:
        audit.record(session, EMPTIED, "matching_run", run_id, actor_user_id=None)
    return len(runs)


def delete_old_audit_entries(session: Session) -> int:
    """Audit entries older than the audit period: the one deletion the audit log allows.

    The database refuses to delete a younger entry by its own clock, so the entries
    must be past the period by both clocks (see :mod:`matcher.db.models.audit`).
    """
    dialect = session.get_bind().dialect.name
    result = session.execute(
        delete(AuditEntry)
        .where(AuditEntry.at <= cutoff("audit"), past_retention_by_database_clock(dialect))
        .execution_options(synchronize_session=False, **{RETENTION_OPTION: True})
    )
    return result.rowcount


def delete_old_mail(session: Session) -> int:
    """Mail sent or given up on more than the mail period ago."""
    sent = func.coalesce(OutboxMail.sent_at, OutboxMail.created_at)
    return _delete(
        session, OutboxMail, OutboxMail.state.in_(("sent", "failed")), sent <= cutoff("mail")
    )


def delete_old_jobs(session: Session) -> int:
    """Jobs done more than the job period ago (parked ones wait for an admin)."""
    return _delete(session, Job, Job.state == "done", Job.finished_at <= cutoff("job"))


def delete_old_api_tokens(session: Session) -> int:
    """API tokens expired or revoked more than the API token period ago."""
    limit = cutoff("api_token")
    return _delete(
        session, ApiToken, or_(ApiToken.expires_at <= limit, ApiToken.revoked_at <= limit)
    )


def delete_old_tokens(session: Session) -> int:
    """Tokens used or expired more than the token period ago."""
    limit = cutoff("token")
    return _delete(session, Token, or_(Token.used_at <= limit, Token.expires_at <= limit))


def _delete(session: Session, model: Any, *conditions: Any) -> int:
    result = session.execute(
        delete(model).where(*conditions).execution_options(synchronize_session=False)
    )
    return result.rowcount
