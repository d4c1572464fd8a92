"""A volunteer's own profile: availability, pausing, resuming, withdrawing, their data.

Each use case takes a SQLAlchemy session and the acting volunteer as an
:class:`~matcher.accounts.permissions.Actor`, requires :data:`Permission.VOLUNTEER_AREA`
and works on the profile of ``actor.user_id`` only, so no id from a request can point
it at someone else. It changes the session (the change and its audit entry) and never
commits: the caller runs it in :meth:`matcher.db.Database.run_in_transaction`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require
from matcher.db.models import AuditEntry, ContactMoment, HolidayPause, Match, VolunteerProfile
from matcher.matches.volunteer_leaving import end_active_matches, release_undecided_matches
from matcher.privacy import audit, inventory
from matcher.shared import weekly_slots
from matcher.shared.errors import RuleViolation
from matcher.volunteers.screening import move

# A volunteer may pause and resume only their own pause, never a coordinator's.
SELF_PAUSABLE = ("awaiting_intake", "vog_requested", "approved")
WITHDRAWABLE = ("new", "awaiting_intake", "vog_requested", "approved", "paused")


class NotAllowed(RuleViolation):
    """The volunteer's current state does not allow this change."""

    TEXTS = {
        "not_while": "not possible while {state}",
        "not_own_pause": "only a pause you chose yourself can be ended here",
        "no_profile": "no volunteer profile for this account",
    }


class EmptyAvailability(RuleViolation):
    """Availability without a single time slot."""

    TEXTS = {"no_slots": "give at least one time slot"}


def update_availability(session: Session, actor: Actor, slots: list[dict[str, Any]]) -> None:
    """Replace the volunteer's weekly availability (slots as :func:`weekly_slots.parse_slot`)."""
    profile = own_profile(session, actor)
    if profile.screening_state in ("withdrawn", "rejected"):
        raise NotAllowed("availability", "not_while", state=profile.screening_state)
    normalised = weekly_slots.normalise(slots)
    if not normalised:
        raise EmptyAvailability("availability", "no_slots")
    profile.availability = normalised
    audit.record(
        session,
        "volunteer.availability_changed",
        "volunteer_profile",
        profile.id,
        actor_user_id=actor.user_id,
        slots=len(normalised),
    )


def pause(session: Session, actor: Actor) -> None:
    """The volunteer takes a break: no new matches until they resume.

    Proposals and approved matches they have not answered yet are superseded
    (:mod:`matcher.matches.volunteer_leaving`); active matches go on.
    """
    profile = own_profile(session, actor)
    if profile.screening_state not in SELF_PAUSABLE:
        raise NotAllowed("pause", "not_while", state=profile.screening_state)
    before = profile.screening_state
    release_undecided_matches(session, profile.id, actor_user_id=actor.user_id)
    move(profile, "paused")
    audit.record(
        session,
        "volunteer.paused_self",
        "volunteer_profile",
        profile.id,
        actor_user_id=actor.user_id,
        state="paused",
        before=before,
    )


def resume(session: Session, actor: Actor) -> None:
    """End the volunteer's own pause, back to where screening stood.

    A pause a coordinator imposed is not the volunteer's to lift.
    """
    profile = own_profile(session, actor)
    last_pause = _last_pause(session, profile.id)
    if profile.screening_state != "paused" or last_pause is None:
        raise NotAllowed("resume", "not_own_pause")
    move(profile, last_pause)
    audit.record(
        session,
        "volunteer.resumed",
        "volunteer_profile",
        profile.id,
        actor_user_id=actor.user_id,
        state=last_pause,
    )


def may_resume(session: Session, actor: Actor) -> bool:
    """Whether the volunteer is paused by their own choice (and so may resume)."""
    profile = own_profile(session, actor)
    return profile.screening_state == "paused" and _last_pause(session, profile.id) is not None


def withdraw(session: Session, actor: Actor) -> None:
    """The volunteer stops; their data is anonymised after the retention period.

    Their proposals and unanswered approved matches are superseded and their active
    matches end for "volunteer stopped" (the pupils wait again, keeping their days,
    and the schools and coordinators are told), as when they erase themselves.
    """
    profile = own_profile(session, actor)
    if profile.screening_state not in WITHDRAWABLE:
        raise NotAllowed("withdraw", "not_while", state=profile.screening_state)
    release_undecided_matches(session, profile.id, actor_user_id=actor.user_id)
    end_active_matches(session, profile.id, actor_user_id=actor.user_id)
    move(profile, "withdrawn")
    audit.record(
        session,
        "volunteer.withdrawn",
        "volunteer_profile",
        profile.id,
        actor_user_id=actor.user_id,
        state="withdrawn",
    )


def export_data(session: Session, actor: Actor) -> dict[str, Any]:
    """Everything Koppel holds about this volunteer that the inventory lets them see.

    For the "download my data" button (AVG article 15): the columns of their account
    and profile whose inventory entry names ``self`` among the audiences, as JSON-ready
    values, plus the times of the actions the audit log records about them, and the
    contact moments and holiday pauses of their matches.
    """
    profile = own_profile(session, actor)
    actions = session.scalars(
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.entity_type == "user", AuditEntry.entity_id == actor.user_id),
                and_(
                    AuditEntry.entity_type == "volunteer_profile",
                    AuditEntry.entity_id == profile.id,
                ),
            )
        )
        .order_by(AuditEntry.id)
    )
    return {
        "account": _visible_to_self("users", profile.user),
        "volunteer_profile": _visible_to_self("volunteer_profiles", profile),
        "history": [{"at": entry.at.isoformat(), "action": entry.action} for entry in actions],
        **_contact_log(session, profile.id),
    }


def _contact_log(session: Session, profile_id: int) -> dict[str, list[dict[str, Any]]]:
    """The contact moments and holiday pauses of the volunteer's matches."""
    of_theirs = select(Match.id).where(Match.volunteer_id == profile_id)
    return {
        table: [
            _visible_to_self(table, row)
            for row in session.scalars(
                select(model).where(model.match_id.in_(of_theirs)).order_by(model.id)
            )
        ]
        for table, model in (("contact_moments", ContactMoment), ("holiday_pauses", HolidayPause))
    }


def own_profile(session: Session, actor: Actor) -> VolunteerProfile:
    """The acting volunteer's own profile, once :data:`Permission.VOLUNTEER_AREA` allows it."""
    require(actor, Permission.VOLUNTEER_AREA)
    profile = session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.user_id == actor.user_id)
    )
    if profile is None or profile.anonymised_at is not None:
        raise NotAllowed("volunteer", "no_profile")
    return profile


def _visible_to_self(table: str, row: object) -> dict[str, Any]:
    values = {}
    for column in inventory.for_table(table):
        if "self" in column.roles:
            value = getattr(row, column.column)
            values[column.column] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _last_pause(session: Session, profile_id: int) -> str | None:
    """The state before the volunteer's own pause, if the latest pause was theirs."""
    latest = session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.entity_type == "volunteer_profile",
            AuditEntry.entity_id == profile_id,
            AuditEntry.action.in_(("volunteer.paused_self", "volunteer.paused")),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if latest is None or latest.action != "volunteer.paused_self":
        return None
    return latest.details.get("before")

