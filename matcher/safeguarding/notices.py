"""Telling people about a concern: one mail each (no content, only a link) and a record
of who was told, why and when."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Concern, ConcernNotice, User
from matcher.mail import outbox, rendering

# Where a signed-in handler reads a concern.
CONCERN_PATH = "/zorgen/{id}"


def tell(
    session: Session,
    concern: Concern,
    people: Iterable[User],
    *,
    reason: str,
    school_name: str,
    base_url: str,
) -> int:
    """Mail each of ``people`` not yet told for ``reason``; returns how many were told.

    The template says only that a concern about a pupil of the school exists.
    """
    already = set(
        session.scalars(
            select(ConcernNotice.user_id).where(
                ConcernNotice.concern_id == concern.id, ConcernNotice.reason == reason
            )
        )
    )
    template = "concern_raised" if reason == "raised" else "concern_not_acknowledged"
    url = rendering.link(base_url, CONCERN_PATH.format(id=concern.id))
    told = 0
    for person in people:
        if person.id in already or person.email is None:
            continue
        already.add(person.id)
        session.add(ConcernNotice(concern_id=concern.id, user_id=person.id, reason=reason))
        outbox.enqueue(
            session,
            rendering.render(
                template,
                to=person.email,
                name=person.display_name or "",
                school=school_name,
                url=url,
            ),
        )
        told += 1
    return told
