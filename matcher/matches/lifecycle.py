"""The steps of a match's life that several use cases take, each written once.

Superseding a pupil's open proposals (an approval, a withdrawn request), ending
a live match (a person ends it, a volunteer stops or is erased) and settling the open
request to end it that the ending answers. The use cases around
them check permissions and states, take the locks (:mod:`matcher.db.queries`) and
say whom to tell; these functions only change the rows. The steps a matching run
shares (superseding one proposal, putting pupils with nothing left back on the
waiting list) live in :mod:`matcher.db.lifecycle`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.lifecycle import supersede
from matcher.db.models import EndRequest, Match, Pupil
from matcher.shared.states import END_REASONS_BACK_TO_WAITING

UNDECIDED_STATES: tuple[str, ...] = ("proposed", "approved")


def supersede_open_proposals(
    session: Session, pupil: Pupil, now: datetime, *, keep: Match | None = None
) -> list[Match]:
    """Supersede the pupil's proposals and unanswered approved match, except ``keep``.

    The caller holds the pupil's lock; the rows are read again under it, since a
    coordinator may just have approved one. Returns the superseded matches, by id;
    the formerly approved ones are those with ``ended_at`` set, whose volunteers
    the caller may need to tell.
    """
    query = (
        select(Match)
        .where(Match.pupil_id == pupil.id, Match.state.in_(UNDECIDED_STATES))
        .order_by(Match.id)
        .execution_options(populate_existing=True)
    )
    if keep is not None:
        query = query.where(Match.id != keep.id)
    superseded = list(session.scalars(query))
    for match in superseded:
        supersede(match, now)
    return superseded


def end_live_match(
    match: Match, now: datetime, *, reason_code: str, note: str | None = None
) -> bool:
    """End an approved or active match for ``reason_code``; returns whether it was active.

    For a reason in :data:`~matcher.shared.states.END_REASONS_BACK_TO_WAITING` the
    pupil waits again keeping the days already waited: an active match stopped the
    waiting clock (the days moved into ``days_waited_before``), so it restarts now;
    an approved one never stopped it. Any other reason closes the request. A note
    replaces the match's reason; without one the reason it had (say, why a
    coordinator overrode a rule) stays. The caller holds the pupil's lock.
    """
    pupil = match.pupil
    was_active = match.state == "active"
    match.state, match.ended_at, match.end_reason_code = "ended", now, reason_code
    if note is not None:
        match.reason = note
    if reason_code not in END_REASONS_BACK_TO_WAITING:
        pupil.state = "ended"
        return was_active
    pupil.state = "waiting"
    if was_active:
        pupil.waiting_since = now
    return was_active


def settle_end_request(
    session: Session, match_id: int, now: datetime, *, settled_by_id: int | None,
    outcome: str = "confirmed",
) -> EndRequest | None:
    """Settle the match's open request to end it, if there is one; returns it.

    Any ending of a match answers an open request to end it (``confirmed``); a
    coordinator who declines it passes ``declined``.
    """
    request = session.scalar(
        select(EndRequest).where(EndRequest.match_id == match_id, EndRequest.settled_at.is_(None))
        .execution_options(populate_existing=True)
    )
    if request is not None:
        request.settled_at, request.settled_by_id, request.outcome = now, settled_by_id, outcome
    return request
