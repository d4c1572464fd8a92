"""The coordinator's lists of volunteers, requests (pupils) and matches, with filters.

Each list is one query over the regions asked for (``None``: every region, which
only an admin may ask) and gives plain rows with a fixed header, so the web page and its CSV export
show exactly the same thing. Filters are plain values; an unknown code is refused
with :class:`~matcher.shared.errors.BadInput` naming the filter. Pupils appear under their
school's pseudonymous reference only; their needs and priority reasons never
leave Koppel in an export.

Both readers take the acting person as an :class:`~matcher.accounts.permissions.Actor`
and require ``COORDINATOR_AREA`` (a list) or ``EXPORT_LISTS`` (an export) on every
region asked for. Their audit entries are added to the session; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.models import Match, Pupil, School, User, VolunteerProfile
from matcher.privacy import audit
from matcher.reports.safe_csv import Cell, to_csv
from matcher.shared import clock
from matcher.shared.errors import BadInput
from matcher.shared.states import MATCH_STATES, PUPIL_STATES, SCREENING_STATES
from matcher.shared.vocabulary import LEVEL_CODES, SUBJECT

LISTS = ("volunteers", "pupils", "matches")
MAX_SEARCH_LENGTH = 100
EXPORT_LIMIT = 20_000


@dataclass(frozen=True)
class Filters:
    """What the coordinator typed or chose above a list; empty strings mean "any"."""

    search: str = ""
    state: str = ""
    subject: str = ""
    level: str = ""


@dataclass(frozen=True)
class Listing:
    """One page (or the whole export) of a list."""

    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    total: int


HEADERS = {
    "volunteers": ("id", "naam", "e-mail", "status", "vakken", "niveaus", "capaciteit", "vog"),
    "pupils": (
        "id",
        "referentie",
        "school",
        "leerjaar",
        "niveau",
        "vakken",
        "urgentie",
        "status",
        "wachtdagen",
    ),  # fmt: skip
    "matches": (
        "id",
        "leerling",
        "school",
        "vrijwilliger",
        "status",
        "vorm",
        "voorgesteld",
        "gestart",
        "beeindigd",
        "reden",
    ),  # fmt: skip
}
_STATES = {"volunteers": SCREENING_STATES, "pupils": PUPIL_STATES, "matches": MATCH_STATES}


def listing(
    session: Session,
    actor: Actor,
    kind: str,
    region_ids: frozenset[int] | None,
    filters: Filters,
    *,
    offset: int = 0,
    limit: int = 100,
) -> Listing:
    """Rows ``offset`` to ``offset + limit`` of list ``kind`` and how many match in all.

    Looking at pupils' data is recorded in the audit log (ids and counts only).
    """
    _require_regions(actor, Permission.COORDINATOR_AREA, region_ids)
    if kind not in LISTS:
        raise BadInput(f"list: unknown list {kind!r}")
    _check(kind, filters)
    query = _QUERIES[kind](region_ids, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = session.execute(query.offset(max(offset, 0)).limit(max(limit, 0))).all()
    rows = [_ROWS[kind](row) for row in page]
    if kind != "volunteers" and rows:
        audit.record(
            session, f"{kind}.listed", kind, None, actor_user_id=actor.user_id, count=len(rows)
        )
    return Listing(HEADERS[kind], rows, total or 0)


def export(
    session: Session,
    actor: Actor,
    kind: str,
    region_ids: frozenset[int] | None,
    filters: Filters,
) -> str:
    """The whole filtered list as a spreadsheet-safe CSV; the export is audited (the
    caller commits the entry)."""
    _require_regions(actor, Permission.EXPORT_LISTS, region_ids)
    if kind not in LISTS:
        raise BadInput(f"list: unknown list {kind!r}")
    _check(kind, filters)
    page = session.execute(_QUERIES[kind](region_ids, filters).limit(EXPORT_LIMIT)).all()
    rows = [_ROWS[kind](row) for row in page]
    audit.record(
        session, f"{kind}.exported", kind, None, actor_user_id=actor.user_id, count=len(rows)
    )
    return to_csv(HEADERS[kind], rows)


def _require_regions(
    actor: Actor, permission: Permission, region_ids: frozenset[int] | None
) -> None:
    """``permission`` on each region asked for; every region (``None``) is the scope of
    no region, which only an admin's covers."""
    require(actor, permission)
    for region_id in sorted(region_ids) if region_ids is not None else (None,):
        require(actor, permission, Scope(region_id=region_id))


def _check(kind: str, filters: Filters) -> None:
    if len(filters.search) > MAX_SEARCH_LENGTH:
        raise BadInput(f"search: at most {MAX_SEARCH_LENGTH} characters")
    if filters.state and filters.state not in _STATES[kind]:
        raise BadInput("state: unknown state")
    if filters.subject and filters.subject not in SUBJECT:
        raise BadInput("subject: unknown subject")
    if filters.level and filters.level not in LEVEL_CODES:
        raise BadInput("level: unknown level")


def _has_code(column: Any, code: str) -> Any:
    # JSON arrays of vocabulary codes; the codes hold no LIKE wildcards.
    return cast(column, String).like(f'%"{code}"%')


def _filtered(
    query: Select[Any],
    region_ids: frozenset[int] | None,
    f: Filters,
    *,
    region: Any,
    searched: tuple[Any, ...],
    state: Any,
    subjects: Any,
    level: Callable[[str], Any],
) -> Select[Any]:
    """``query`` narrowed by the filters every list has, each on this list's own column."""
    if region_ids is not None:
        query = query.where(region.in_(region_ids))
    if text := f.search.strip().lower():
        query = query.where(or_(*(column.contains(text, autoescape=True) for column in searched)))
    if f.state:
        query = query.where(state == f.state)
    if f.subject:
        query = query.where(_has_code(subjects, f.subject))
    if f.level:
        query = query.where(level(f.level))
    return query


def _volunteers(region_ids: frozenset[int] | None, f: Filters) -> Select[Any]:
    query = (
        select(VolunteerProfile, User)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(VolunteerProfile.anonymised_at.is_(None))
        .order_by(VolunteerProfile.id)
    )
    return _filtered(
        query, region_ids, f,
        region=VolunteerProfile.region_id,
        searched=(func.lower(User.display_name), User.email),
        state=VolunteerProfile.screening_state,
        subjects=VolunteerProfile.subjects,
        level=lambda code: _has_code(VolunteerProfile.levels, code),
    )  # fmt: skip


def _volunteer_row(row: Any) -> tuple[Cell, ...]:
    profile, user = row
    return (
        profile.id,
        user.display_name,
        user.email,
        profile.screening_state,
        " ".join(profile.subjects),
        " ".join(profile.levels),
        profile.capacity,
        profile.vog_issued_on,
    )


def _pupils(region_ids: frozenset[int] | None, f: Filters) -> Select[Any]:
    query = (
        select(Pupil, School.name)
        .join(School, Pupil.school_id == School.id)
        .where(Pupil.anonymised_at.is_(None))
        .order_by(Pupil.id)
    )
    return _filtered(
        query, region_ids, f,
        region=School.region_id,
        searched=(func.lower(Pupil.reference),),
        state=Pupil.state,
        subjects=Pupil.subjects,
        level=lambda code: Pupil.level == code,
    )  # fmt: skip


def _pupil_row(row: Any) -> tuple[Cell, ...]:
    pupil, school = row
    return (
        pupil.id,
        pupil.reference,
        school,
        pupil.school_year,
        pupil.level,
        " ".join(pupil.subjects),
        pupil.priority,
        pupil.state,
        pupil.waiting_days(clock.now()) if pupil.state == "waiting" else None,
    )


def _matches(region_ids: frozenset[int] | None, f: Filters) -> Select[Any]:
    volunteer = aliased(User)
    query = (
        select(Match, Pupil.reference, School.name, volunteer.display_name)
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(volunteer, VolunteerProfile.user_id == volunteer.id)
        .order_by(Match.id)
    )
    return _filtered(
        query, region_ids, f,
        region=School.region_id,
        searched=(func.lower(Pupil.reference), func.lower(volunteer.display_name)),
        state=Match.state,
        subjects=Pupil.subjects,
        level=lambda code: Pupil.level == code,
    )  # fmt: skip


def _match_row(row: Any) -> tuple[Cell, ...]:
    match, reference, school, volunteer = row
    return (
        match.id,
        reference,
        school,
        volunteer,
        match.state,
        match.mode,
        match.created_at,
        match.started_at,
        match.ended_at,
        match.end_reason_code,
    )


_QUERIES = {"volunteers": _volunteers, "pupils": _pupils, "matches": _matches}
_ROWS = {"volunteers": _volunteer_row, "pupils": _pupil_row, "matches": _match_row}
