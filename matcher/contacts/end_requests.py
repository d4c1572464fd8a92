"""Ending well: asking to end a match, and the coordinator settling the request.

The volunteer, the school side or a coordinator asks to end an active match, with a
suggested reason and, if wanted, a short explanation (:func:`request_end`); one open
request per match. The region's coordinators hear of it and settle it: confirmed
with an end reason (:func:`confirm_end`: the match ends as any ending does, and both
sides get the exit questions) or declined (:func:`decline_end`: the one who asked
is told). A coordinator may also end a match at once (:func:`end_now`), which answers
an open request too (:func:`matcher.matches.lifecycle.settle_end_request`).

The use cases check the actor themselves, change the session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import (
    Actor,
    OutOfScope,
    Permission,
    Role,
    require,
    visible_regions,
)
from matcher.contacts.check_ins import put_questions
from matcher.contacts.questionnaire_refusals import EndRequestRefused
from matcher.contacts.scope import match_for
from matcher.db.models import EndRequest, Match, Pupil, School, User, VolunteerProfile
from matcher.db.models.contacts import NOTE_LIMIT
from matcher.db.queries import lock_pupil
from matcher.mail import outbox, rendering
from matcher.matches.answers import end_active, end_match
from matcher.matches.end_reasons import END_REASON, needs_new_buddy
from matcher.matches.lifecycle import settle_end_request
from matcher.matches.notifications import region_coordinators
from matcher.privacy import audit
from matcher.shared import clock
from matcher.shared.states import END_REASONS

REQUESTS_PAGE = "/coordinator/stopverzoeken"
_SIDES = {Role.VOLUNTEER: "volunteer", Role.SCHOOL: "mentor"}


@dataclass(frozen=True)
class EndRequestLine:
    """An open request as the coordinator's list shows it."""

    id: int
    match_id: int
    pupil_id: int
    reference: str
    school: str
    volunteer_name: str
    side: str
    suggested_reason: str | None
    explanation: str | None
    requested_at: datetime


@dataclass(frozen=True)
class Ended:
    """What a confirmed (or direct) end did: the pupil, and whether they wait again."""

    match_id: int
    pupil_id: int
    back_to_waiting: bool


def request_end(session: Session, actor: Actor, match_id: int, *, reason_code: str,
                explanation: str | None = None, base_url: str) -> int:
    """Ask to end the active match ``match_id``; returns the request's id.

    The volunteer asks for their own match, a school contact for their school's pupil,
    a coordinator for their region's; anyone else gets
    :class:`~matcher.accounts.permissions.OutOfScope`. Raises :class:`EndRequestRefused`
    for a match that is not active, an unknown reason, a too long explanation, or when
    a request is already open. The region's coordinators are mailed.
    """
    match = match_for(session, actor, Permission.REQUEST_END, match_id)
    if reason_code not in END_REASONS:
        raise EndRequestRefused("reason_code", "unknown_end_reason", choices=", ".join(END_REASONS))
    text = (explanation or "").strip() or None
    if text is not None and len(text) > NOTE_LIMIT:
        raise EndRequestRefused("explanation", "text_too_long", limit=NOTE_LIMIT)
    lock_pupil(session, match.pupil_id)
    session.refresh(match)
    if match.state != "active":
        raise EndRequestRefused("match", "match_not_active")
    if _open_request(session, match.id) is not None:
        raise EndRequestRefused("match", "request_open")
    request = EndRequest(match_id=match.id, side=_SIDES.get(actor.role, "coordinator"),
                         requested_by_id=actor.user_id, suggested_reason=reason_code,
                         explanation=text)
    session.add(request)
    session.flush()
    audit.record(session, "end.requested", "match", match.id, actor_user_id=actor.user_id,
                 end_request_id=request.id, reason_code=reason_code, side=request.side)
    _tell_coordinators(session, match, request, base_url)
    return request.id


def open_request_of(session: Session, actor: Actor, match_id: int) -> int | None:
    """The id of the match's open request to end it, for anyone who may ask one."""
    match = match_for(session, actor, Permission.REQUEST_END, match_id)
    request = _open_request(session, match.id)
    return request.id if request is not None else None


def open_end_requests(session: Session, actor: Actor) -> list[EndRequestLine]:
    """The open requests in the coordinator's regions (every region for an admin), oldest
    first. An explanation read is audited by the requests' ids (the caller commits)."""
    require(actor, Permission.DECIDE_MATCH)
    query = (
        select(EndRequest, Match, Pupil, School.name, User.display_name)
        .join(Match, Match.id == EndRequest.match_id)
        .join(Pupil, Pupil.id == Match.pupil_id)
        .join(School, School.id == Pupil.school_id)
        .join(VolunteerProfile, VolunteerProfile.id == Match.volunteer_id)
        .join(User, User.id == VolunteerProfile.user_id)
        .where(EndRequest.settled_at.is_(None))
        .order_by(EndRequest.requested_at, EndRequest.id)
    )
    regions = visible_regions(actor)
    if regions is not None:
        query = query.where(School.region_id.in_(regions))
    lines = [
        EndRequestLine(r.id, m.id, p.id, p.reference or f"#{p.id}", school, name or "",
                       r.side, r.suggested_reason, r.explanation, r.requested_at)
        for r, m, p, school, name in session.execute(query).all()
    ]
    explained = [line.id for line in lines if line.explanation]
    if explained:
        audit.record(session, "end_request.viewed", "end_request", None,
                     actor_user_id=actor.user_id, end_request_ids=explained)
    return lines


def confirm_end(session: Session, actor: Actor, request_id: int, *, reason_code: str,
                base_url: str) -> Ended:
    """End the request's match for ``reason_code`` and send both sides the exit questions.

    Raises :class:`EndRequestRefused` when the request was settled meanwhile; the
    refusals of :func:`matcher.matches.answers.end_active` for an unknown reason.
    """
    request = _request_to_settle(session, actor, request_id)
    match = end_active(session, request.match_id, actor_user_id=actor.user_id,
                       reason_code=reason_code)
    return _after_end(session, match, base_url)


def decline_end(session: Session, actor: Actor, request_id: int) -> int:
    """Decline the request (the match goes on) and tell the one who asked; returns the
    pupil's id."""
    request = _request_to_settle(session, actor, request_id)
    match = session.get(Match, request.match_id)
    settle_end_request(session, match.id, clock.now(), settled_by_id=actor.user_id,
                       outcome="declined")
    audit.record(session, "end_request.settled", "match", match.id, actor_user_id=actor.user_id,
                 end_request_id=request.id, outcome="declined")
    asker = session.get(User, request.requested_by_id) if request.requested_by_id else None
    if asker is not None and asker.email and asker.active and asker.id != actor.user_id:
        outbox.enqueue(session, rendering.render(
            "end_declined", to=asker.email, name=asker.display_name or "",
            reference=match.pupil.reference or f"#{match.pupil.id}",
        ))
    return match.pupil_id


def end_now(session: Session, actor: Actor, match_id: int, *, reason_code: str,
            note: str | None = None, base_url: str) -> Ended:
    """A coordinator ends the match at once (see :func:`matcher.matches.answers.end_match`),
    which settles an open request; both sides get the exit questions."""
    require(actor, Permission.DECIDE_MATCH)
    match = end_match(session, actor, match_id, reason_code=reason_code, reason=note)
    return _after_end(session, match, base_url)


def _after_end(session: Session, match: Match, base_url: str) -> Ended:
    put_questions(session, match, "exit", clock.now(), base_url=base_url)
    return Ended(match.id, match.pupil_id, needs_new_buddy(match.end_reason_code or ""))


def _request_to_settle(session: Session, actor: Actor, request_id: int) -> EndRequest:
    require(actor, Permission.DECIDE_MATCH)
    request = session.get(EndRequest, request_id)
    if request is None:
        raise OutOfScope(f"end request {request_id}")
    match = match_for(session, actor, Permission.DECIDE_MATCH, request.match_id)
    lock_pupil(session, match.pupil_id)
    session.refresh(request)
    if request.settled_at is not None:
        raise EndRequestRefused("request", "request_settled")
    return request


def _open_request(session: Session, match_id: int) -> EndRequest | None:
    return session.scalar(
        select(EndRequest).where(EndRequest.match_id == match_id, EndRequest.settled_at.is_(None))
    )


def _tell_coordinators(session: Session, match: Match, request: EndRequest,
                       base_url: str) -> None:
    reason = END_REASON[request.suggested_reason or "goal_reached"]
    for coordinator in region_coordinators(session, match.pupil.school.region_id):
        if coordinator.id == request.requested_by_id:
            continue
        outbox.enqueue(session, rendering.render(
            "end_requested", to=coordinator.email or "", name=coordinator.display_name or "",
            reference=match.pupil.reference or f"#{match.pupil.id}",
            reason_nl=reason.nl, reason_en=reason.en,
            requests_url=rendering.link(base_url, REQUESTS_PAGE),
        ))
