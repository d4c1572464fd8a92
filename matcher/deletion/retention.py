"""Retention: anonymise people and records whose retention period has passed.

The periods come from the data inventory (:data:`matcher.privacy.inventory.RETENTION`) and
so do the columns to empty (:func:`matcher.privacy.inventory.personal_columns`), so a column
added to the inventory as personal is blanked here without further code. People's rows
are anonymised, never deleted: matches, runs and the audit log keep pointing at them.
An emptied column becomes NULL, or an empty list for code lists; the few personal
columns that may not be empty (a pupil's level, a volunteer's screening state) keep
their code, which identifies no one once the rest is gone.

:data:`APPLIERS` names, for every period the inventory declares, the step that applies
it; a test fails for a period without one. Every anonymised row gets one audit entry
naming it by id. Records nothing points at — mail, single-use tokens, rate-limit
counters and, after five years, audit entries — are deleted outright, and old runs
lose their payload (:mod:`matcher.deletion.expiry`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, func, select, update
from sqlalchemy.orm import Session

from matcher.accounts import rate_limits, recovery_codes
from matcher.contacts.forgetting import delete_contact_log, empty_free_text_of_user
from matcher.db import Database
from matcher.db.models import AuditEntry, Match, OutboxMail, Pupil, User, VolunteerProfile
from matcher.deletion.expiry import (
    delete_old_api_tokens,
    delete_old_audit_entries,
    delete_old_jobs,
    delete_old_mail,
    delete_old_tokens,
    empty_old_runs,
)
from matcher.deletion.periods import cutoff
from matcher.privacy import audit, inventory
from matcher.safeguarding.forgetting import empty_settled_concerns
from matcher.shared import clock
from matcher.shared.states import LIVE_MATCH_STATES
from matcher.volunteers import sign_up
from matcher.volunteers.screening import move

ANONYMISED = "retention.anonymised"
# Matches that are over: nothing will happen to them any more.
FINISHED_MATCH_STATES = ("ended", "declined", "rejected", "superseded", "expired")
CLOSED_PUPIL_STATES = ("ended", "withdrawn")
DEPARTED_VOLUNTEER_STATES = ("withdrawn", "rejected")
# A volunteer with a match in these states has a pupil counting on them.
OPEN_MATCH_STATES = ("proposed", *LIVE_MATCH_STATES)


@dataclass(frozen=True)
class PurgeReport:
    """How many rows one :func:`purge` anonymised or deleted, per kind."""

    unconfirmed_sign_ups: int = 0
    volunteers: int = 0
    accounts: int = 0
    pupils: int = 0
    matches: int = 0
    concerns: int = 0
    runs: int = 0
    mails: int = 0
    jobs: int = 0
    tokens: int = 0
    api_tokens: int = 0
    rate_limit_counters: int = 0
    audit_entries: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by name, for audit details and the command's output."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def purge(database: Database) -> PurgeReport:
    """Apply every retention rule, each in its own transaction; returns the counts.

    Safe to run at any time and any number of times (``koppel purge`` and the
    worker's retention job): a second run finds nothing left to do. This is the job
    runner, so it owns the transactions: each step (the expired sign-ups, then each
    period of :data:`APPLIERS`) only changes the session, and is committed here on its
    own with :meth:`Database.run_in_transaction`, so one period is applied wholly or
    not at all while the others stand.
    """
    counts = {"unconfirmed_sign_ups": database.run_in_transaction(sign_up.purge_unconfirmed)}
    for applier in APPLIERS.values():
        counts[applier.counted_as] = database.run_in_transaction(applier.apply)
    report = PurgeReport(**counts)
    if any(counts.values()):
        database.run_in_transaction(
            lambda session: audit.record(
                session,
                "retention.purged",
                "retention",
                None,
                actor_user_id=None,
                **report.as_dict(),
            )
        )
    return report


def anonymise_departed_volunteers(session: Session) -> int:
    """Volunteers who withdrew or were rejected more than the volunteer period ago."""
    has_live_match = (
        select(Match.id)
        .where(Match.volunteer_id == VolunteerProfile.id, Match.state.in_(LIVE_MATCH_STATES))
        .exists()
    )
    profiles = session.scalars(
        select(VolunteerProfile).where(
            VolunteerProfile.screening_state.in_(DEPARTED_VOLUNTEER_STATES),
            VolunteerProfile.anonymised_at.is_(None),
            VolunteerProfile.screening_changed_at <= cutoff("volunteer"),
            ~has_live_match,
        )
    ).all()
    for profile in profiles:
        anonymise(session, profile)
        if profile.user.anonymised_at is None:
            anonymise_user(session, profile.user)
    return len(profiles)


def anonymise_unused_accounts(session: Session) -> int:
    """Accounts not used for the account period: blanked and closed, with their profile.

    An account was last used at the latest of its creation, its last sign-in
    (``last_login_at``) and the last audit entry it is the actor of — a volunteer
    answers a proposal or confirms an address from a mail link without signing in,
    and those are audited. An account that never signed in counts from its creation,
    so an invitation nobody accepted goes too. Koppel cannot close an account
    without erasing it (erasure anonymises at once), so "closed" needs no rule here.

    What is safe: an account that still has duties is used, so it is never two years
    idle — except a volunteer whose pupil counts on them without them signing in;
    a volunteer with a proposed, approved or active match is therefore kept. Staff
    accounts (coordinators, school contacts, admins) are anonymised like any other;
    their regions, schools and records keep working through the others, and
    ``koppel create-admin`` makes a new admin should the last one go. A volunteer's
    profile is withdrawn and anonymised with the account: it could not be matched
    again anyway (the account is closed), and its screening data has no other period
    that would reach it.
    """
    limit = cutoff("account")
    open_match = (
        select(Match.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .where(VolunteerProfile.user_id == User.id, Match.state.in_(OPEN_MATCH_STATES))
        .exists()
    )
    candidates = session.scalars(
        select(User)
        .where(
            User.anonymised_at.is_(None),
            func.coalesce(User.last_login_at, User.created_at) <= limit,
            ~open_match,
        )
        .order_by(User.id)
    ).all()
    unused = [user for user in candidates if _last_use(session, user) <= limit]
    for user in unused:
        profile = session.scalar(
            select(VolunteerProfile).where(VolunteerProfile.user_id == user.id)
        )
        if profile is not None and profile.anonymised_at is None:
            if profile.screening_state not in DEPARTED_VOLUNTEER_STATES:
                move(profile, "withdrawn")
            anonymise(session, profile)
        anonymise_user(session, user)
    return len(unused)


def anonymise_closed_pupils(session: Session) -> int:
    """Requests that ended or were withdrawn more than the pupil period ago.

    A pupil row has no "closed at" time, so the last thing that happened to the
    request stands in for it: its creation, its matches' times and every audit
    entry about it (each change of a request is audited). That moment is never
    earlier than the closing, so no request is anonymised too soon.
    """
    limit = cutoff("pupil")
    candidates = session.scalars(
        select(Pupil).where(
            Pupil.state.in_(CLOSED_PUPIL_STATES),
            Pupil.anonymised_at.is_(None),
            Pupil.created_at <= limit,
        )
    ).all()
    closed = [pupil for pupil in candidates if _last_activity(session, pupil) <= limit]
    for pupil in closed:
        anonymise(session, pupil)
    return len(closed)


def anonymise_finished_matches(session: Session) -> int:
    """Matches that finished more than the match period ago: free-text reasons go, and
    so does their contact log (moments, notes, pauses, rhythm)."""
    finished_at = func.coalesce(Match.ended_at, Match.decided_at, Match.created_at)
    matches = session.scalars(
        select(Match).where(
            Match.state.in_(FINISHED_MATCH_STATES),
            Match.anonymised_at.is_(None),
            finished_at <= cutoff("match"),
        )
    ).all()
    for match in matches:
        anonymise(session, match)
    delete_contact_log(session, [match.id for match in matches])
    return len(matches)


def anonymise_user(session: Session, user: User) -> None:
    """Blank an account, close it, empty the free text its person wrote after a match and
    the address of mail not yet sent to it."""
    address = user.email
    anonymise(session, user)
    user.active = False
    recovery_codes.forget(session, user.id)
    empty_free_text_of_user(session, user.id)
    if address:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.to_address == address, OutboxMail.state == "pending")
            .values(to_address=None)
            .execution_options(synchronize_session=False)
        )


def anonymise(session: Session, row: Any) -> None:
    """Empty the personal columns of ``row``, set ``anonymised_at`` and audit it by id."""
    table = row.__table__
    for name in inventory.personal_columns(table.name):
        value = _emptied(table.columns[name], getattr(row, name))
        if value is not _KEEP:
            setattr(row, name, value)
    row.anonymised_at = clock.now()
    audit.record(session, ANONYMISED, _ENTITY_TYPES[table.name], row.id, actor_user_id=None)


@dataclass(frozen=True)
class Applier:
    """The step of :func:`purge` that applies one retention period, and what it counts."""

    counted_as: str
    apply: Callable[[Session], int]


# Every period of the data inventory that ends (``days`` set), and the step applying it,
# in the order purge runs them: people before their records, the audit log last.
APPLIERS: dict[str, Applier] = {
    "volunteer": Applier("volunteers", anonymise_departed_volunteers),
    "account": Applier("accounts", anonymise_unused_accounts),
    "pupil": Applier("pupils", anonymise_closed_pupils),
    "match": Applier("matches", anonymise_finished_matches),
    "concern": Applier(
        "concerns", lambda session: empty_settled_concerns(session, cutoff("concern"))
    ),
    "run": Applier("runs", empty_old_runs),
    "mail": Applier("mails", delete_old_mail),
    "job": Applier("jobs", delete_old_jobs),
    "token": Applier("tokens", delete_old_tokens),
    "api_token": Applier("api_tokens", delete_old_api_tokens),
    "rate_limit": Applier("rate_limit_counters", rate_limits.delete_expired),
    "audit": Applier("audit_entries", delete_old_audit_entries),
}

_KEEP = object()
_ENTITY_TYPES = {
    "users": "user",
    "volunteer_profiles": "volunteer_profile",
    "pupils": "pupil",
    "matches": "match",
}


def _emptied(column: Any, current: Any) -> Any:
    if column.nullable:
        return None
    if isinstance(column.type, JSON):
        return type(current)() if isinstance(current, list | dict) else []
    return _KEEP


def _last_activity(session: Session, pupil: Pupil) -> datetime:
    moments = [
        pupil.created_at,
        session.scalar(
            select(func.max(AuditEntry.at)).where(
                AuditEntry.entity_type == "pupil", AuditEntry.entity_id == pupil.id
            )
        ),
        *session.execute(
            select(
                func.max(Match.created_at), func.max(Match.decided_at), func.max(Match.ended_at)
            ).where(Match.pupil_id == pupil.id)
        ).one(),
    ]
    return max(moment for moment in moments if moment is not None)


def _last_use(session: Session, user: User) -> datetime:
    acted = session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.actor_user_id == user.id)
    )
    return max(moment for moment in (user.created_at, user.last_login_at, acted) if moment)
