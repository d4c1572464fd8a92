"""The coordinator's screening overview: who waits for screening, whose VOG runs out.

Reads only; the screening steps themselves are :mod:`matcher.volunteers.screening`.
Both lists require :data:`Permission.SCREEN_VOLUNTEER` and show the actor's regions
(:func:`matcher.accounts.permissions.visible_regions`: every region for an admin); the
weekly digest counts the same lists for a coordinator's regions (``*_in``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, require, visible_regions
from matcher.db.models import User, VolunteerProfile
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import clock, postcodes
from matcher.shared.clock import local_date, today
from matcher.volunteers.screening import QUEUE_STATES


@dataclass(frozen=True)
class QueueEntry:
    """One confirmed volunteer waiting for screening, as plain values."""

    profile_id: int
    name: str
    state: str
    waiting_days: int
    intake_on: date | None
    vog_requested_on: date | None
    vog_issued_on: date | None
    # What tells two volunteers with the same name apart in the list.
    email: str = ""
    place: str = ""
    signed_up_on: date | None = None


@dataclass(frozen=True)
class ExpiringVog:
    """An approved volunteer whose VOG runs out soon (or has run out)."""

    profile_id: int
    name: str
    last_valid_day: date
    days_left: int


def waiting_list(session: Session, actor: Actor) -> list[QueueEntry]:
    """Confirmed volunteers awaiting screening, longest waiting first.

    Waiting counts from the moment the volunteer confirmed their e-mail address.
    """
    return waiting_in(session, _screened_regions(actor))


def waiting_in(session: Session, region_ids: frozenset[int] | None) -> list[QueueEntry]:
    """:func:`waiting_list` for ``region_ids`` (``None``: all); the caller decided who reads."""
    query = (
        select(VolunteerProfile, User.display_name, User.email_confirmed_at, User.email,
               User.created_at)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(
            VolunteerProfile.screening_state.in_(QUEUE_STATES),
            VolunteerProfile.anonymised_at.is_(None),
            User.email_confirmed_at.is_not(None),
        )
        .order_by(User.email_confirmed_at, VolunteerProfile.id)
    )
    if region_ids is not None:
        query = query.where(VolunteerProfile.region_id.in_(region_ids))
    return [
        QueueEntry(
            profile_id=profile.id,
            name=name or "",
            state=profile.screening_state,
            waiting_days=waiting_since(confirmed_at),
            intake_on=profile.intake_on,
            vog_requested_on=profile.vog_requested_on,
            vog_issued_on=profile.vog_issued_on,
            email=email or "",
            place=place_of(profile.postcode),
            signed_up_on=local_date(created_at) if created_at else None,
        )
        for profile, name, confirmed_at, email, created_at in session.execute(query)
    ]


def place_of(postcode: str | None) -> str:
    """The place name of a volunteer's postcode area ("3511 Utrecht"), or the code alone."""
    if not postcode:
        return ""
    pc4 = postcodes.normalise_pc4(postcode)
    found = postcodes.lookup(pc4)
    return f"{pc4} {found.locality}" if found else pc4


def vog_expiring(session: Session, actor: Actor, policy: ScreeningPolicy) -> list[ExpiringVog]:
    """Approved volunteers whose VOG expires within the warning period, soonest first.

    Already expired ones are included (``days_left`` ≤ 0): they have silently left
    matching and the coordinator should know why.
    """
    return vog_expiring_in(session, _screened_regions(actor), policy)


def vog_expiring_in(
    session: Session, region_ids: frozenset[int] | None, policy: ScreeningPolicy
) -> list[ExpiringVog]:
    """:func:`vog_expiring` for ``region_ids`` (``None``: all); the caller decided who reads."""
    day = today()
    query = (
        select(VolunteerProfile.id, VolunteerProfile.vog_issued_on, User.display_name)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(
            VolunteerProfile.screening_state == "approved",
            VolunteerProfile.vog_issued_on.is_not(None),
            VolunteerProfile.vog_issued_on <= policy.warn_if_issued_before(day),
        )
    )
    if region_ids is not None:
        query = query.where(VolunteerProfile.region_id.in_(region_ids))
    rows = [
        ExpiringVog(
            pid,
            name or "",
            policy.last_valid_day(issued),
            (policy.vog_valid_until(issued) - day).days,
        )
        for pid, issued, name in session.execute(query)
    ]
    return sorted(rows, key=lambda row: (row.last_valid_day, row.profile_id))


def _screened_regions(actor: Actor) -> frozenset[int] | None:
    require(actor, Permission.SCREEN_VOLUNTEER)
    return visible_regions(actor)


def waiting_since(confirmed_at: datetime | None) -> int:
    """Whole days since ``confirmed_at`` (0 when unknown or in the future)."""
    return max((clock.now() - confirmed_at).days, 0) if confirmed_at else 0
