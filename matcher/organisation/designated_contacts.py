"""Whether a school has its designated contact (aandachtsfunctionaris): an active
account with that role linked to the school. Concerns about its pupils go to them;
a school without one is shown a notice, and so is its coordinator."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import User, user_schools

ROLE = "designated_contact"


def schools_with_designated_contact(session: Session, school_ids: list[int]) -> set[int]:
    """Those of ``school_ids`` with at least one active designated contact."""
    return set(session.scalars(
        select(user_schools.c.school_id).distinct()
        .join(User, User.id == user_schools.c.user_id)
        .where(user_schools.c.school_id.in_(school_ids), User.role == ROLE,
               User.active.is_(True), User.anonymised_at.is_(None))
    ))


def has_designated_contact(session: Session, school_id: int) -> bool:
    """Whether the school has at least one active designated contact."""
    return school_id in schools_with_designated_contact(session, [school_id])
