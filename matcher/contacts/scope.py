"""Finding a match for a contact use case and checking the actor may touch it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, require
from matcher.db.models import Match
from matcher.matches.overview import match_scope


def match_for(session: Session, actor: Actor, permission: Permission, match_id: int) -> Match:
    """The match ``match_id`` once ``actor`` may use ``permission`` on it.

    Raises :class:`~matcher.accounts.permissions.NotPermitted` for a role without the
    permission and :class:`~matcher.accounts.permissions.OutOfScope` for an unknown
    match or one outside the actor's regions or own matches.
    """
    require(actor, permission)
    match = session.get(Match, match_id)
    scope = match_scope(session, match_id) if match is not None else None
    if match is None or scope is None:
        raise OutOfScope(f"match {match_id}")
    require(actor, permission, scope)
    return match
