"""Who may be matched: the one rule the runs, the approvals and hand-made matches share.

A volunteer enters matching when a coordinator approved them, their VOG counts today
(:class:`~matcher.matching.vog_validity.ScreeningPolicy`), they are prepared (accepted
the current code of conduct, :mod:`matcher.shared.conduct`, and completed the training),
they belong to a region and their account is active and not erased. The rule is
written once, as SQL conditions: the instance builder filters with
:func:`eligible_for_matching`, and the re-check before a decision
(:func:`volunteer_problems`) asks the database the same three questions
about one volunteer, so a run and an approval can never disagree about who counts.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from matcher.db.models import User, VolunteerProfile
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared import conduct


def screened() -> ColumnElement[bool]:
    """Approved by a coordinator, in a region, with an active account, not erased."""
    return and_(
        VolunteerProfile.screening_state == "approved",
        VolunteerProfile.anonymised_at.is_(None),
        VolunteerProfile.region_id.is_not(None),
        VolunteerProfile.user.has(User.active.is_(True)),
    )


def vog_counts(policy: ScreeningPolicy, day: date) -> ColumnElement[bool]:
    """A VOG issued no later than ``day`` and still valid on it."""
    return and_(
        VolunteerProfile.vog_issued_on.is_not(None),
        VolunteerProfile.vog_issued_on <= day,
        VolunteerProfile.vog_issued_on > policy.expired_if_issued_on_or_before(day),
    )


def prepared(day: date) -> ColumnElement[bool]:
    """Accepted the current code of conduct and completed the training by ``day``."""
    return and_(
        VolunteerProfile.conduct_version == conduct.CURRENT_VERSION,
        VolunteerProfile.training_completed_on.is_not(None),
        VolunteerProfile.training_completed_on <= day,
    )


def eligible_for_matching(policy: ScreeningPolicy, day: date) -> ColumnElement[bool]:
    """The SQL condition a volunteer must meet to enter a matching run on ``day``."""
    return and_(screened(), vog_counts(policy, day), prepared(day))


def volunteer_problems(
    session: Session, volunteer_id: int, policy: ScreeningPolicy, day: date
) -> tuple[str, ...]:
    """Why the volunteer may not be matched on ``day``: ``volunteer_not_approved``,
    ``vog_not_valid`` and/or ``volunteer_not_prepared`` (empty when eligible)."""
    row = session.execute(
        select(screened(), vog_counts(policy, day), prepared(day))
        .where(VolunteerProfile.id == volunteer_id)
    ).one_or_none()
    is_screened, has_vog, is_prepared = (bool(v) for v in row) if row else (False,) * 3
    return (
        *(() if is_screened else ("volunteer_not_approved",)),
        *(() if has_vog else ("vog_not_valid",)),
        *(() if is_prepared else ("volunteer_not_prepared",)),
    )
