"""Who is told about a concern: the school's designated contacts, whoever is there for
the region (its coordinators who are not away, the deputies of those who are, the
admins when nobody is: :func:`matcher.matches.notifications.region_coordinators`), and —
when nobody acknowledged it in time — the admins too."""

from __future__ import annotations

from sqlalchemy import Column, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Role
from matcher.db.models import User, user_schools
from matcher.matches.notifications import region_coordinators

__all__ = ["admins", "designated_contacts", "region_coordinators"]


def designated_contacts(session: Session, school_id: int) -> list[User]:
    """The school's active designated contacts with an e-mail address, oldest first."""
    return _linked(session, Role.DESIGNATED_CONTACT, user_schools.c.school_id, school_id)


def admins(session: Session) -> list[User]:
    """The active admins with an e-mail address, oldest first."""
    return list(session.scalars(select(User).where(*_reachable(Role.ADMIN)).order_by(User.id)))


def _linked(session: Session, role: Role, link: Column[int], linked_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(link.table, link.table.c.user_id == User.id)
            .where(link == linked_id, *_reachable(role))
            .order_by(User.id)
        )
    )


def _reachable(role: Role) -> tuple:
    return (
        User.role == role.value,
        User.active.is_(True),
        User.anonymised_at.is_(None),
        User.email.is_not(None),
    )
