"""A school's people: its contacts and mentors, who may each be named a pupil's mentor.

School contacts (role ``school``) speak for the school and see all its pupils; mentors
(role ``mentor``) are colleagues a contact invited, who see only the pupils they are
the mentor of. Both are linked to the school through ``user_schools``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Role, Scope, require
from matcher.db.models import School, User, user_schools

MENTOR_ROLES = (Role.SCHOOL.value, Role.MENTOR.value)


@dataclass(frozen=True)
class Colleague:
    """A school contact or mentor as the school's pages list them."""

    user_id: int
    name: str
    email: str
    role: str
    accepted: bool


def school_colleagues(session: Session, school_id: int) -> list[Colleague]:
    """The school's active contacts and mentors, by name: who may mentor its pupils.

    An invited mentor who has not set a password yet may already be named.
    """
    users = session.scalars(
        select(User)
        .join(user_schools, user_schools.c.user_id == User.id)
        .where(
            user_schools.c.school_id == school_id,
            User.role.in_(MENTOR_ROLES),
            User.active.is_(True),
            User.anonymised_at.is_(None),
        )
        .order_by(User.display_name, User.id)
    ).all()
    return [
        Colleague(u.id, u.display_name or "", u.email or "", u.role, u.password_hash is not None)
        for u in users
    ]


def list_colleagues(session: Session, actor: Actor, school_id: int) -> list[Colleague]:
    """The school's contacts and mentors for a contact of that school (others: not found)."""
    school = session.get(School, school_id)
    if school is None:
        raise OutOfScope("school")
    require(actor, Permission.VIEW_SCHOOL, Scope(region_id=school.region_id, school_id=school.id))
    return school_colleagues(session, school.id)
