"""Use cases after approval: the volunteer accepts or declines, no answer expires, a match ends.

A decline, an expiry, or an end for a reason that needs a new buddy puts the pupil
back on the waiting list *keeping the days already waited*: while a proposal waits for
an answer the pupil's waiting clock keeps running (``waiting_since`` is untouched); when
a match starts, the days waited so far move into ``days_waited_before`` and the clock
stops; when it ends for such a reason, the clock starts again from there. Ending for
"goal reached" (or the pupil leaving) closes the request. Each ended or refused match
frees the volunteer's place, because capacity counts only approved and active matches.

None of these commits; the caller runs them in ``Database.run_in_transaction``.
Accepting and declining have no signed-in actor: the single-use link in the
volunteer's mail is the authority. Expiring is a worker job (the system acts).
Ending takes the acting person as an :class:`~matcher.accounts.permissions.Actor`.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts import tokens
from matcher.accounts.permissions import Actor, OutOfScope, Permission, can, require
from matcher.db.lifecycle import release_pupils
from matcher.db.models import Match, Pupil
from matcher.db.queries import lock_pupil
from matcher.matches.decisions import DecisionRefused, clean_reason
from matcher.matches.lifecycle import end_live_match, settle_end_request
from matcher.matches.notifications import ANSWER_PURPOSE, send_ended, send_started
from matcher.matches.overview import match_scope
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.errors import RuleViolation
from matcher.shared.states import END_REASONS


class UnknownEndReason(RuleViolation):
    """An unknown reason code for ending a match (see :data:`matcher.shared.states.END_REASONS`)."""

    TEXTS = {"unknown_end_reason": "choose one of {choices}"}


def proposal_for_token(session: Session, raw_token: str) -> Match:
    """The approved match a still-valid answer link is for (the page with the buttons).

    Raises :class:`matcher.accounts.tokens.TokenInvalid` for any link that no longer works.
    """
    token = tokens.peek(session, ANSWER_PURPOSE, raw_token)
    match = session.get(Match, token.subject_id) if token.subject_id else None
    if match is None or match.state != "approved":
        raise tokens.TokenInvalid
    return match


# Who may end a match: whoever may edit its pupil (the school, the region's coordinator)
# or its volunteer (the volunteer themself), each within their own scope.
END_PERMISSIONS = (Permission.EDIT_PUPIL, Permission.EDIT_VOLUNTEER)


def accept_match(session: Session, raw_token: str) -> Match:
    """The volunteer accepts: the match becomes active and the school is told.

    No actor: the answer link (a single-use token) authorises it.
    """
    match, pupil = _answer(session, raw_token)
    now = clock.now()
    match.state, match.started_at = "active", now
    pupil.days_waited_before = pupil.waiting_days(now)
    pupil.state, pupil.waiting_since = "matched", None
    send_started(session, match)
    audit.record(session, "match_accepted", "match", match.id,
                 actor_user_id=match.volunteer.user_id, pupil_id=pupil.id)
    return match


def decline_match(session: Session, raw_token: str, *, reason: str | None = None) -> Match:
    """The volunteer declines: the pupil waits again and this pair is never proposed again.

    No actor: the answer link (a single-use token) authorises it. A too long reason
    raises :class:`~matcher.matches.decisions.ReasonRefused` and leaves the link usable.
    """
    text = clean_reason(reason, required=False)
    match, pupil = _answer(session, raw_token)
    match.state, match.ended_at = "declined", clock.now()
    match.reason = text
    release_pupils(session, (pupil.id,))
    audit.record(session, "match_declined", "match", match.id,
                 actor_user_id=match.volunteer.user_id, pupil_id=pupil.id)
    return match


def expire_unanswered(session: Session, *, answer_days: int) -> list[int]:
    """Expire approved matches nobody answered within ``answer_days``; returns their ids.

    A worker job (no actor: the system acts); the worker commits.
    """
    cutoff = clock.now() - timedelta(days=answer_days)
    due = list(session.scalars(
        select(Match.id).where(Match.state == "approved", Match.decided_at <= cutoff)
        # Pupils are locked by ascending id, the order of matcher.db.queries.
        .order_by(Match.pupil_id, Match.id)
    ))
    expired = []
    for match_id in due:
        match = session.get(Match, match_id)
        pupil = lock_pupil(session, match.pupil_id) if match else None
        if match is None or pupil is None:
            continue
        session.refresh(match)
        if match.state != "approved":
            continue
        match.state, match.ended_at = "expired", clock.now()
        release_pupils(session, (pupil.id,))
        audit.record(session, "match_expired", "match", match.id, actor_user_id=None,
                     pupil_id=pupil.id)
        expired.append(match.id)
    return expired


def end_match(
    session: Session, actor: Actor, match_id: int, *, reason_code: str,
    reason: str | None = None,
) -> Match:
    """End an active match for ``reason_code`` (see :data:`matcher.shared.states.END_REASONS`).

    The volunteer, the school contacts and the region's coordinators are mailed (not
    the one who ended it). The volunteer may end their own, a school its pupils', a
    coordinator their region's (:data:`END_PERMISSIONS`); another match is
    :class:`OutOfScope`, a match that does not exist :class:`DecisionRefused`.
    """
    _require_ending(session, actor, match_id)
    return end_active(session, match_id, actor_user_id=actor.user_id, reason_code=reason_code,
                      reason=reason)


def end_active(
    session: Session, match_id: int, *, actor_user_id: int, reason_code: str,
    reason: str | None = None,
) -> Match:
    """The step behind :func:`end_match`, without its permission check.

    For use cases that checked their own permission and end matches on the way (a
    volunteer who stops, see :mod:`matcher.matches.volunteer_leaving`).
    """
    if reason_code not in END_REASONS:
        raise UnknownEndReason("reason_code", "unknown_end_reason", choices=", ".join(END_REASONS))
    note = clean_reason(reason, required=False)
    found = session.get(Match, match_id)
    pupil = lock_pupil(session, found.pupil_id) if found else None
    if found is None or pupil is None:
        raise DecisionRefused(("not_found",))
    session.refresh(found)
    if found.state != "active":
        raise DecisionRefused(("not_active",))
    now = clock.now()
    end_live_match(found, now, reason_code=reason_code, note=note)
    settle_end_request(session, found.id, now, settled_by_id=actor_user_id)
    session.flush()
    send_ended(session, found, actor_user_id=actor_user_id)
    audit.record(session, "match_ended", "match", found.id, actor_user_id=actor_user_id,
                 pupil_id=pupil.id, volunteer_id=found.volunteer_id, reason_code=reason_code)
    return found


def _require_ending(session: Session, actor: Actor, match_id: int) -> None:
    usable = [permission for permission in END_PERMISSIONS if can(actor, permission)]
    if not usable:
        require(actor, END_PERMISSIONS[0])  # raises NotPermitted: login, factor or role
    scope = match_scope(session, match_id)
    if scope is None:
        raise DecisionRefused(("not_found",))
    if not any(can(actor, permission, scope) for permission in usable):
        raise OutOfScope("end_match")


def _answer(session: Session, raw_token: str) -> tuple[Match, Pupil]:
    proposal_for_token(session, raw_token)
    token = tokens.consume(session, ANSWER_PURPOSE, raw_token)
    match = session.get(Match, token.subject_id)
    assert match is not None
    pupil = lock_pupil(session, match.pupil_id)
    assert pupil is not None
    session.refresh(match)
    if match.state != "approved":
        raise tokens.TokenInvalid
    return match, pupil
