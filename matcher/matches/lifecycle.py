"""The steps of a match's life that several use cases take, each written once.

Superseding a pupil's open proposals (an approval, a withdrawn request). The use cases around
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
from matcher.db.models import Match, Pupil

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
