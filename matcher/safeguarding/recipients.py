"""Who is told about a concern: the school's designated contacts, whoever is there for
the region (its coordinators who are not away, the deputies of those who are, the
admins when nobody is: :func:`matcher.matches.notifications.region_coordinators`), and —
when nobody acknowledged it in time — the admins too."""

from __future__ import annotations

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Role
from matcher.db.models import User, user_schools
from matcher.matches.notifications import admins, linked_accounts, region_coordinators

__all__ = ["admins", "designated_contacts", "region_coordinators"]


def designated_contacts(session: Session, school_id: int) -> list[User]:
    """The school's active designated contacts with an e-mail address, oldest first."""
    return linked_accounts(
        session, Role.DESIGNATED_CONTACT.value, user_schools.c.school_id, school_id
    )
