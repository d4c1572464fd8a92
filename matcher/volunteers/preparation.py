"""Volunteer preparation: the code of conduct accepted and the short training completed.

A volunteer is not bound by the Meldcode the way school staff are, so before meeting a
pupil they read and accept the code of conduct (which says what to do with a worry)
and complete the programme's short training. Like the VOG this is a hard rule: the
matching rule in :mod:`matcher.matching.eligibility` leaves an unprepared volunteer
out. The volunteer accepts the code themselves; the coordinator records the training.
Both are audited by ids; the use cases change the session and never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor
from matcher.db.models import VolunteerProfile
from matcher.privacy import audit
from matcher.shared import clock, conduct
from matcher.volunteers.own_profile import own_profile
from matcher.volunteers.screening import (
    ScreeningRefused,
    load_for_screening,
    profiles_for_screening,
)


@dataclass(frozen=True)
class Preparation:
    """Where a volunteer's preparation stands, as the pages show it."""

    conduct_version: str | None
    conduct_accepted_at: datetime | None
    training_completed_on: date | None

    @property
    def conduct_current(self) -> bool:
        """Accepted the code of conduct as it reads today (an older version does not count)."""
        return self.conduct_version == conduct.CURRENT_VERSION

    @property
    def complete(self) -> bool:
        """Prepared for matching: the current code accepted and the training done."""
        return self.conduct_current and self.training_completed_on is not None


def preparation_of(profile: VolunteerProfile) -> Preparation:
    """The preparation of ``profile`` (read by whoever may already read the profile)."""
    return Preparation(
        profile.conduct_version, profile.conduct_accepted_at, profile.training_completed_on
    )


def accept_code_of_conduct(session: Session, actor: Actor) -> None:
    """The acting volunteer accepts the current code of conduct (again, if it changed)."""
    profile = own_profile(session, actor)
    if _accept(profile, clock.now()):
        audit.record(session, "volunteer.conduct_accepted", "volunteer_profile", profile.id,
                     actor_user_id=actor.user_id)


def record_training(
    session: Session, actor: Actor, profile_id: int, *, completed_on: date | None
) -> None:
    """A coordinator records the day the volunteer completed the training."""
    profile = load_for_screening(session, actor, profile_id)
    _training(profile, completed_on)
    _audit_training(session, actor, profile)


def prepare_in_bulk(
    session: Session,
    actor: Actor,
    profile_ids: Sequence[int],
    *,
    conduct_accepted_at: datetime,
    training_completed_on: date,
) -> None:
    """A coordinator records for many volunteers that they accepted the current code of
    conduct (on paper, before Koppel kept it) and completed the training; for loads of
    thousands (generated scenarios).

    The same steps and checks as :func:`accept_code_of_conduct` and
    :func:`record_training`, with their audit entries (the acceptance names the
    coordinator who recorded it); the profiles are read in a few queries.
    """
    accepted: list[int] = []
    trained: dict[str, list[int]] = defaultdict(list)
    for profile in profiles_for_screening(session, actor, profile_ids):
        if _accept(profile, conduct_accepted_at):
            accepted.append(profile.id)
        _training(profile, training_completed_on)
        trained[profile.screening_state].append(profile.id)
    session.flush()
    audit.record_many(session, "volunteer.conduct_accepted", "volunteer_profile", accepted,
                      actor_user_id=actor.user_id)
    for state, ids in trained.items():
        audit.record_many(session, "volunteer.training_recorded", "volunteer_profile", ids,
                          actor_user_id=actor.user_id, state=state)


def _accept(profile: VolunteerProfile, at: datetime) -> bool:
    """Accept the current code of conduct at ``at``; ``False`` if it already was."""
    if profile.conduct_version == conduct.CURRENT_VERSION:
        return False
    profile.conduct_version = conduct.CURRENT_VERSION
    profile.conduct_accepted_at = at
    return True


def _training(profile: VolunteerProfile, completed_on: date | None) -> None:
    if completed_on is None:
        raise ScreeningRefused("training_completed_on", "date_missing")
    if completed_on > clock.today():
        raise ScreeningRefused("training_completed_on", "future_date")
    profile.training_completed_on = completed_on


def _audit_training(session: Session, actor: Actor, profile: VolunteerProfile) -> None:
    audit.record(session, "volunteer.training_recorded", "volunteer_profile", profile.id,
                 actor_user_id=actor.user_id, state=profile.screening_state)
