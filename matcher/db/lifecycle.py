"""The two state changes of a proposal that both ``matching`` and ``matches`` make.

A new run replaces the proposals of the run before it (``matching.run_storage``); an
approval, a withdrawn request or a volunteer who leaves replaces them too (the use
cases in ``matches``, through :mod:`matcher.matches.lifecycle`). ``matching`` may not
import ``matches`` (docs/architecture.md), so each rule is written once here, below both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil

# A match in one of these states still holds its pupil: a proposal, or a live match.
OPEN_MATCH_STATES: tuple[str, ...] = ("proposed", "approved", "active")


def supersede(match: Match, now: datetime) -> None:
    """Replace an undecided match: a proposal is decided, an unanswered approval ends.

    An approved match that waited for the volunteer's answer gets ``ended_at`` (its
    answer link stops working, as the link checks the state); a proposal gets
    ``decided_at``. The caller holds the pupil's lock and says whom it must tell.
    """
    if match.state == "approved":
        match.ended_at = now
    else:
        match.decided_at = now
    match.state = "superseded"


def supersede_proposals(session: Session, which: Any, now: datetime) -> list[int]:
    """:func:`supersede` for every ``proposed`` match that ``which`` (a condition on
    ``Match``) selects, in one UPDATE; the pupils' ids, for :func:`release_pupils`.

    A run that replaces a national run's proposals supersedes tens of thousands at
    once; loading each with its explanation took seconds. The caller holds the
    pupils' locks, so a proposal approved meanwhile is no longer ``proposed`` here.
    """
    return list(session.scalars(
        update(Match).where(Match.state == "proposed", which)
        .values(state="superseded", decided_at=now)
        .returning(Match.pupil_id)
        .execution_options(synchronize_session="fetch")
    ))


def release_pupils(session: Session, pupil_ids: Iterable[int]) -> None:
    """Put each ``proposed`` pupil with no proposal or match left back to ``waiting``.

    The waiting clock never stopped for a proposal, so the days waited keep counting.
    A pupil who still has a proposal (say from another open run) stays ``proposed``.
    """
    ids = sorted(set(pupil_ids))
    if not ids:
        return
    session.flush()
    still_open = select(Match.id).where(
        Match.pupil_id == Pupil.id, Match.state.in_(OPEN_MATCH_STATES)
    ).exists()
    session.execute(
        update(Pupil)
        .where(Pupil.id.in_(ids), Pupil.state == "proposed", ~still_open)
        .values(state="waiting")
        .execution_options(synchronize_session="fetch")
    )
