"""Writing buddy requests: the school's context for the rules, taken references, storage.

Shared by the use cases in :mod:`matcher.requests.school_requests`; each function works inside the
caller's unit of work and leaves committing to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.db.models import Pupil, School
from matcher.organisation.school_people import school_colleagues
from matcher.privacy import audit
from matcher.requests.rules import CONSENT_VERSION, RequestDraft, SchoolContext
from matcher.shared import clock
from matcher.shared.errors import BadInput

# Requests per executemany of :func:`store_requests`; their references are read back
# in one IN (...), well under PostgreSQL's 65,535 parameters per statement.
_CHUNK = 2_000


def school_context(session: Session, school: School, creator_id: int | None) -> SchoolContext:
    """What the request rules need to know about ``school``, for requests filled in by
    the user ``creator_id``: they are the default mentor when they may be one."""
    ranges = tuple((r.first, r.last) for r in school.region.postcode_ranges)
    mentors = {c.email: c.user_id for c in school_colleagues(session, school.id) if c.email}
    default = creator_id if creator_id in mentors.values() else None
    return SchoolContext(tuple(school.levels), school.region.name, ranges, mentors, default)


def taken_references(session: Session, school_id: int) -> set[str]:
    """The school's references in use, casefolded (withdrawn requests keep theirs)."""
    query = select(func.lower(Pupil.reference)).where(
        Pupil.school_id == school_id, Pupil.reference.is_not(None)
    )
    return {reference.casefold() for reference in session.scalars(query)}


def store_request(
    session: Session, school: School, draft: RequestDraft, actor_user_id: int, *, via: str
) -> Pupil:
    """Add ``draft`` as a waiting request with consent recorded, and audit it."""
    pupil = Pupil(school=school, **_request_values(draft, actor_user_id, clock.now()))
    session.add(pupil)
    session.flush()
    audit.record(session, "pupil.create", "pupil", pupil.id, actor_user_id=actor_user_id, via=via)
    return pupil


def store_requests(
    session: Session,
    drafts: Sequence[tuple[School, RequestDraft]],
    actor_user_id: int | None,
    *,
    via: str,
) -> list[int]:
    """Add many checked requests at once, as :func:`store_request` adds one; their ids
    in the order of ``drafts``.

    For loads of thousands (generated scenarios): the same row values, inserted with
    one executemany per chunk instead of a flush per request (reading ids back with
    RETURNING made the driver parse each multi-row statement anew, which cost twice
    the insert), then the ids read by school and reference, which are unique together.
    """
    now = clock.now()
    ids: list[int] = []
    for start in range(0, len(drafts), _CHUNK):
        chunk = drafts[start : start + _CHUNK]
        session.execute(insert(Pupil), [
            {"school_id": school.id, **_request_values(draft, actor_user_id, now)}
            for school, draft in chunk
        ])
        stored = {(school_id, reference): pupil_id for school_id, reference, pupil_id in
                  session.execute(select(Pupil.school_id, Pupil.reference, Pupil.id).where(
                      Pupil.school_id.in_({school.id for school, _ in chunk}),
                      Pupil.reference.in_({draft.reference for _, draft in chunk})))}
        ids += [stored[school.id, draft.reference] for school, draft in chunk]
    audit.record_many(session, "pupil.create", "pupil", ids, actor_user_id=actor_user_id, via=via)
    return ids


def _request_values(
    draft: RequestDraft, actor_user_id: int | None, now: datetime
) -> dict[str, Any]:
    """The columns of a new waiting request (school aside), with consent recorded ``now``."""
    return {
        "created_by_id": actor_user_id,
        "mentor_id": draft.mentor_id,
        "reference": draft.reference,
        "school_year": draft.school_year,
        "level": draft.level,
        "subjects": list(draft.subjects),
        "needs": list(draft.needs),
        "priority": draft.priority,
        "priority_reason": draft.priority_reason,
        "languages": list(draft.languages),
        "needs_language": draft.needs_language,
        "availability": draft.availability,
        "mode": draft.mode,
        "pc4": draft.pc4,
        "latitude": draft.latitude,
        "longitude": draft.longitude,
        "consent_version": CONSENT_VERSION,
        "consent_recorded_at": now,
        "state": "waiting",
        "waiting_since": now,
    }


@contextmanager
def reference_race_refused(
    session: Session, school_id: int, references: list[str], refusal: BadInput
) -> Iterator[None]:
    """Turn a unique-reference clash at commit into ``refusal``; other errors pass."""
    # Every value was checked first, so a constraint can still break only when
    # someone else saved one of these references at the same moment. Anything else
    # is a fault, not the school's input, and goes up unchanged.
    try:
        yield
    except IntegrityError:
        session.rollback()
        wanted = {reference.casefold() for reference in references}
        if wanted & taken_references(session, school_id):
            raise refusal from None
        raise
