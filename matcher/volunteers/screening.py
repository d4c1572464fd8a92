"""Screening volunteers: intake, certificate of conduct (VOG), approve, pause or reject.

Adults who will meet minors enter matching only after a coordinator has spoken with
them and seen a recent VOG. The use cases take an :class:`~matcher.accounts.permissions.Actor`
and require :data:`Permission.SCREEN_VOLUNTEER` on the volunteer's scope themselves
(:class:`~matcher.accounts.permissions.NotPermitted` for a role that may not screen,
:class:`VolunteerNotFound`, an ``OutOfScope``, for a volunteer outside the actor's
regions), so no caller can screen outside its scope by forgetting a check. Every change
is audited with ids and state codes only; approval and rejection are told to the
volunteer by mail. The use cases change the session and never commit: the caller runs
them in :meth:`matcher.db.Database.run_in_transaction`, so the change, its audit entry
and its mail land together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Scope, require
from matcher.db.models import VolunteerProfile
from matcher.mail import outbox, rendering
from matcher.matches.volunteer_leaving import release_undecided_matches
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.clock import today
from matcher.shared.errors import RuleViolation

# Confirmed volunteers waiting for the coordinator's decision.
QUEUE_STATES = ("new", "awaiting_intake", "vog_requested")
# States from which a coordinator may still approve, pause or reject.
APPROVABLE_STATES = (*QUEUE_STATES, "paused")
PAUSABLE_STATES = (*QUEUE_STATES, "approved")
REJECTABLE_STATES = (*APPROVABLE_STATES, "approved")
MAX_NOTES_LENGTH = 1000
MAX_REASON_LENGTH = 500
# Profiles read per query by the bulk steps, well under PostgreSQL's parameter limit.
_CHUNK = 2_000


class VolunteerNotFound(OutOfScope):
    """No volunteer with this id in the actor's regions (the web answers 404)."""


class ScreeningRefused(RuleViolation):
    """The step is not possible now: the field, a code saying why, and its values."""

    TEXTS = {
        "text_too_long": "at most {limit} characters",
        "vog_too_old": "a VOG issued on {issued_on} is older than {years} years; ask for a new one",
        "intake_missing": "record the intake conversation before approving",
        "vog_missing": "record a VOG issued within the validity period",
        "wrong_state": "not possible while the volunteer is {state}",
        "future_date": "the date lies in the future",
        "date_missing": "give a date",
        "reason_missing": "give a reason",
    }


def record_intake(
    session: Session, actor: Actor, profile_id: int, *, held_on: date, notes: str
) -> None:
    """Record the intake conversation: its date and short notes (no sensitive details)."""
    profile = _profile(session, actor, profile_id)
    _intake(profile, held_on, notes)
    _audit(session, actor, "volunteer.intake_recorded", profile)


def request_vog(session: Session, actor: Actor, profile_id: int, *, requested_on: date) -> None:
    """Record that a VOG was requested; an approved volunteer renewing stays approved."""
    profile = _profile(session, actor, profile_id)
    _require_state(profile, PAUSABLE_STATES + ("paused",), "vog_requested_on")
    _require_past(requested_on, "vog_requested_on")
    profile.vog_requested_on = requested_on
    if profile.screening_state in ("new", "awaiting_intake"):
        move(profile, "vog_requested")
    _audit(session, actor, "volunteer.vog_requested", profile)


def record_vog(
    session: Session, actor: Actor, profile_id: int, *, issued_on: date, policy: ScreeningPolicy
) -> None:
    """Record the issue date of the volunteer's VOG; an already expired one is refused."""
    profile = _profile(session, actor, profile_id)
    _vog(profile, issued_on, policy)
    _audit(session, actor, "volunteer.vog_recorded", profile)


# What approving needs, in the order of the steps: refusal code → the field it is about.
_APPROVAL_NEEDS = {"intake_missing": "intake_on", "vog_missing": "vog_issued_on"}


def approval_blockers(profile: VolunteerProfile, policy: ScreeningPolicy) -> tuple[str, ...]:
    """The refusal codes that stand in the way of approving ``profile`` today, in step
    order; empty when it may be approved (the page enables its button by this)."""
    done = {
        "intake_missing": profile.intake_on is not None,
        "vog_missing": policy.vog_valid_on(profile.vog_issued_on, today()),
    }
    return tuple(code for code in _APPROVAL_NEEDS if not done[code])


def approve_volunteer(
    session: Session, actor: Actor, profile_id: int, *, policy: ScreeningPolicy, base_url: str
) -> None:
    """Approve the volunteer for matching and mail them; needs an intake and a valid VOG."""
    profile = _profile(session, actor, profile_id)
    _approve(profile, policy)
    _audit(session, actor, "volunteer.approved", profile)
    _mail(session, profile, "volunteer_approved", sign_in_url=rendering.link(base_url, "/inloggen"))


def approve_in_bulk(
    session: Session,
    actor: Actor,
    profile_ids: Sequence[int],
    *,
    intake_on: date,
    vog_issued_on: date,
    policy: ScreeningPolicy,
) -> None:
    """Record the intake and the VOG of many volunteers and approve them, for loads of
    thousands (generated scenarios, screening done before Koppel kept it).

    Each volunteer goes through the same three steps, with the same checks, as
    :func:`record_intake`, :func:`record_vog` and :func:`approve_volunteer` and gets
    their audit entries; the profiles are read in a few queries instead of one each,
    and no approval mail goes out (these volunteers were not waiting for one). The
    first refusal is raised, so the caller's transaction keeps none of it.
    """
    steps: dict[tuple[str, str], list[int]] = defaultdict(list)
    for profile in profiles_for_screening(session, actor, profile_ids):
        _intake(profile, intake_on, "")
        steps["volunteer.intake_recorded", profile.screening_state].append(profile.id)
        _vog(profile, vog_issued_on, policy)
        steps["volunteer.vog_recorded", profile.screening_state].append(profile.id)
        _approve(profile, policy)
        steps["volunteer.approved", profile.screening_state].append(profile.id)
    session.flush()
    for (action, state), ids in steps.items():
        audit.record_many(session, action, "volunteer_profile", ids,
                          actor_user_id=actor.user_id, state=state)


def pause_volunteer(session: Session, actor: Actor, profile_id: int, *, reason: str) -> None:
    """Take the volunteer out of screening or matching for now, with a reason.

    Their undecided proposals and unanswered approved matches are superseded
    (:mod:`matcher.matches.volunteer_leaving`); active matches go on.
    """
    profile = _profile(session, actor, profile_id)
    _require_state(profile, PAUSABLE_STATES, "screening_state")
    profile.screening_reason = _reason(reason)
    release_undecided_matches(session, profile.id, actor_user_id=actor.user_id)
    move(profile, "paused")
    _audit(session, actor, "volunteer.paused", profile)


def reject_volunteer(session: Session, actor: Actor, profile_id: int, *, reason: str) -> None:
    """Reject the volunteer with a reason (kept for the coordinators) and mail them.

    The mail does not repeat the reason: it may concern safeguarding, and the
    coordinator explains it in person if appropriate. Their undecided proposals and
    unanswered approved matches are superseded, so no answer link of theirs works
    any more; active matches are the coordinator's to end, with the right reason.
    """
    profile = _profile(session, actor, profile_id)
    _require_state(profile, REJECTABLE_STATES, "screening_state")
    profile.screening_reason = _reason(reason)
    release_undecided_matches(session, profile.id, actor_user_id=actor.user_id)
    move(profile, "rejected")
    _audit(session, actor, "volunteer.rejected", profile)
    _mail(session, profile, "volunteer_rejected")


def volunteer_scope(profile: VolunteerProfile) -> Scope:
    """Where a volunteer profile belongs, for :mod:`matcher.accounts.permissions`."""
    return Scope(region_id=profile.region_id, volunteer_user_id=profile.user_id)


def load_for_screening(session: Session, actor: Actor, profile_id: int) -> VolunteerProfile:
    """The profile if ``actor`` may screen it; :class:`VolunteerNotFound` otherwise."""
    return _profile(session, actor, profile_id)


def profiles_for_screening(
    session: Session, actor: Actor, profile_ids: Sequence[int]
) -> list[VolunteerProfile]:
    """The profiles, in the order of ``profile_ids``, if ``actor`` may screen every one;
    :class:`VolunteerNotFound` for the first that is missing or out of scope."""
    require(actor, Permission.SCREEN_VOLUNTEER)
    found: dict[int, VolunteerProfile] = {}
    for start in range(0, len(profile_ids), _CHUNK):
        chunk = profile_ids[start : start + _CHUNK]
        found.update((p.id, p) for p in session.scalars(
            select(VolunteerProfile).where(VolunteerProfile.id.in_(chunk))
        ))
    return [_screenable(actor, profile_id, found.get(profile_id)) for profile_id in profile_ids]


def _profile(session: Session, actor: Actor, profile_id: int) -> VolunteerProfile:
    """The profile to screen: the role is checked first, then the profile's scope."""
    require(actor, Permission.SCREEN_VOLUNTEER)
    return _screenable(actor, profile_id, session.get(VolunteerProfile, profile_id))


def _screenable(
    actor: Actor, profile_id: int, profile: VolunteerProfile | None
) -> VolunteerProfile:
    if profile is None or profile.anonymised_at is not None:
        raise VolunteerNotFound(profile_id)
    try:
        require(actor, Permission.SCREEN_VOLUNTEER, volunteer_scope(profile))
    except OutOfScope:
        raise VolunteerNotFound(profile_id) from None
    return profile


def _intake(profile: VolunteerProfile, held_on: date, notes: str) -> None:
    _require_state(profile, APPROVABLE_STATES, "intake")
    _require_past(held_on, "intake_on")
    notes = notes.strip()
    if len(notes) > MAX_NOTES_LENGTH:
        raise ScreeningRefused("intake_notes", "text_too_long", limit=MAX_NOTES_LENGTH)
    profile.intake_on = held_on
    profile.intake_notes = notes or None
    if profile.screening_state == "new":
        move(profile, "awaiting_intake")


def _vog(profile: VolunteerProfile, issued_on: date, policy: ScreeningPolicy) -> None:
    _require_state(profile, PAUSABLE_STATES + ("paused",), "vog_issued_on")
    _require_past(issued_on, "vog_issued_on")
    if not policy.vog_valid_on(issued_on, today()):
        raise ScreeningRefused(
            "vog_issued_on", "vog_too_old", issued_on=issued_on, years=policy.vog_validity_years
        )
    profile.vog_issued_on = issued_on


def _approve(profile: VolunteerProfile, policy: ScreeningPolicy) -> None:
    _require_state(profile, APPROVABLE_STATES, "screening_state")
    blockers = approval_blockers(profile, policy)
    if blockers:
        raise ScreeningRefused(_APPROVAL_NEEDS[blockers[0]], blockers[0])
    move(profile, "approved")
    profile.screening_reason = None


def _require_state(profile: VolunteerProfile, allowed: tuple[str, ...], field: str) -> None:
    if profile.screening_state not in allowed:
        raise ScreeningRefused(field, "wrong_state", state=profile.screening_state)


def _require_past(day: date, field: str) -> None:
    if day > today():
        raise ScreeningRefused(field, "future_date")


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ScreeningRefused("reason", "reason_missing")
    if len(reason) > MAX_REASON_LENGTH:
        raise ScreeningRefused("reason", "text_too_long", limit=MAX_REASON_LENGTH)
    return reason


def move(profile: VolunteerProfile, state: str) -> None:
    """Put the volunteer in screening ``state`` and note when (retention counts from it)."""
    profile.screening_state = state
    profile.screening_changed_at = clock.now()


def _audit(session: Session, actor: Actor | None, action: str, profile: VolunteerProfile) -> None:
    audit.record(
        session,
        action,
        "volunteer_profile",
        profile.id,
        actor_user_id=actor.user_id if actor else None,
        state=profile.screening_state,
    )


def _mail(session: Session, profile: VolunteerProfile, name: str, **context: Any) -> None:
    user = profile.user
    if user.email:
        outbox.enqueue(
            session, rendering.render(name, to=user.email, name=user.display_name or "", **context)
        )
