"""Volunteer preparation: the code of conduct accepted and the short training completed.

A volunteer is not bound by the Meldcode the way school staff are, so before meeting a
pupil they read and accept the code of conduct (which says what to do with a worry)
and complete the programme's short training. Like the VOG this is a hard rule: the
matching rule in :mod:`matcher.matching.eligibility` leaves an unprepared volunteer
out. The volunteer accepts the code themselves; the coordinator records the training.
Both are audited by ids; the use cases change the session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor
from matcher.db.models import VolunteerProfile
from matcher.privacy import audit
from matcher.shared import clock, conduct
from matcher.volunteers.own_profile import own_profile
from matcher.volunteers.screening import ScreeningRefused, load_for_screening


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
    if profile.conduct_version == conduct.CURRENT_VERSION:
        return
    profile.conduct_version = conduct.CURRENT_VERSION
    profile.conduct_accepted_at = clock.now()
    audit.record(session, "volunteer.conduct_accepted", "volunteer_profile", profile.id,
                 actor_user_id=actor.user_id)


def record_training(
    session: Session, actor: Actor, profile_id: int, *, completed_on: date | None
) -> None:
    """A coordinator records the day the volunteer completed the training."""
    profile = load_for_screening(session, actor, profile_id)
    if completed_on is None:
        raise ScreeningRefused("training_completed_on", "date_missing")
    if completed_on > clock.today():
        raise ScreeningRefused("training_completed_on", "future_date")
    profile.training_completed_on = completed_on
    audit.record(session, "volunteer.training_recorded", "volunteer_profile", profile.id,
                 actor_user_id=actor.user_id, state=profile.screening_state)
