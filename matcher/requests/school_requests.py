"""Buddy requests from a school's side: create one, import many, list, withdraw.

Each use case takes the session, the acting person as an
:class:`~matcher.accounts.permissions.Actor` and plain values, requires a named
permission on the school or request (a request of another school is *not found*:
:class:`RequestNotFound`), writes an audit entry with ids only and never commits:
the caller commits once (``Database.run_in_transaction``), so a failure anywhere
leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, OutOfScope, Permission, Scope, require
from matcher.db.models import Pupil, School
from matcher.matches.lifecycle import supersede_open_proposals
from matcher.matches.notifications import send_withdrawn
from matcher.matches.overview import pupil_scope
from matcher.privacy import audit
from matcher.requests.csv_import import COLUMN_FOR_FIELD, InvalidFile, RowProblem, read_rows
from matcher.requests.problems import InvalidRequest, Problem, Refused
from matcher.requests.rules import RequestDraft, SchoolContext, check_request, mentor
from matcher.requests.store import (
    reference_race_refused,
    school_context,
    store_request,
    taken_references,
)
from matcher.shared import clock
from matcher.shared.errors import BadInput

# A school may withdraw a request until a volunteer has accepted; after that the
# coordinator ends the match, so everyone involved is told properly.
WITHDRAWABLE_STATES = frozenset({"waiting", "proposed"})
_STATE_ORDER = {"waiting": 0, "proposed": 1, "matched": 2, "ended": 3, "withdrawn": 4}
_TAKEN = '"%(value)s" is al gebruikt voor een andere aanvraag van deze school'
_REPEATED = "staat ook al in rij %(first)d; elke leerling krijgt een eigen referentie"
MAX_BULK_ROWS = 500
_BULK_SIZE = "stuur 1 tot en met %(limit)d aanvragen per keer"
_RACED = (
    "iemand van uw school sloeg tegelijk een aanvraag op met een referentie uit dit "
    "bestand; er is niets opgeslagen, probeer het opnieuw"
)


class RequestNotFound(BadInput):
    """No such request, or it belongs to another school: the caller shows 404.

    A request outside the actor's schools is refused through
    :func:`~matcher.accounts.permissions.require`; its :class:`OutOfScope` becomes
    this error, so the caller cannot tell the two apart.
    """


class CannotWithdraw(BadInput):
    """The request is past the point where the school can withdraw it."""


@dataclass(frozen=True)
class RequestSummary:
    """One line of a school's list of requests."""

    id: int
    reference: str
    school_year: int
    level: str
    priority: str
    state: str
    waiting_days: int
    created_at: datetime


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: the new request ids, in file order."""

    pupil_ids: tuple[int, ...]


def create_request(
    session: Session, actor: Actor, *, school_id: int, values: Mapping[str, Any]
) -> int:
    """Check ``values`` (see :func:`matcher.requests.rules.check_request`), store the
    request as waiting, and return its id.

    Raises :class:`InvalidRequest` with every problem, including a reference the
    school already used (compared without regard to case).
    """
    school = _school(session, actor, Permission.EDIT_PUPIL, school_id)
    draft = check_request(values, school_context(session, school, actor.user_id))
    if draft.reference.casefold() in taken_references(session, school_id):
        raise InvalidRequest([Problem("reference", _TAKEN, {"value": draft.reference})])
    taken = InvalidRequest([Problem("reference", _TAKEN, {"value": draft.reference})])
    with reference_race_refused(session, school_id, [draft.reference], taken):
        pupil = store_request(session, school, draft, actor.user_id, via="form")
    return pupil.id


def import_requests_csv(
    session: Session, actor: Actor, *, school_id: int, data: bytes
) -> ImportResult:
    """Store every pupil in the CSV file ``data``, or none of them.

    Every row is checked before anything is written; :class:`InvalidFile` lists
    each problem by row and column. The rows are then added to the caller's
    transaction.
    """
    school = _school(session, actor, Permission.EDIT_PUPIL, school_id)
    rows = [(row.number, row.values) for row in read_rows(data)]
    return _store_all(session, actor, school, rows, via="csv")


def import_requests(
    session: Session, actor: Actor, *, school_id: int, rows: Sequence[Mapping[str, Any]]
) -> ImportResult:
    """Store every request in ``rows`` (up to :data:`MAX_BULK_ROWS`), or none of them.

    The API's bulk call: each row holds the fields of :func:`create_request`, checked by
    the CSV import's rules (the same function for both), so a row is refused for what
    a CSV row would be refused for. :class:`InvalidFile` lists each problem with its
    row's position in ``rows`` (counted from 0).
    """
    school = _school(session, actor, Permission.EDIT_PUPIL, school_id)
    if not rows or len(rows) > MAX_BULK_ROWS:
        raise InvalidFile([RowProblem(Problem("requests", _BULK_SIZE, {"limit": MAX_BULK_ROWS}))])
    return _store_all(session, actor, school, list(enumerate(rows)), via="api")


def _store_all(
    session: Session,
    actor: Actor,
    school: School,
    rows: Sequence[tuple[int, Mapping[str, Any]]],
    *,
    via: str,
) -> ImportResult:
    drafts = _checked_rows(rows, school_context(session, school, actor.user_id),
                           taken_references(session, school.id))
    raced = InvalidFile([RowProblem(Problem("reference", _RACED))])
    references = [draft.reference for draft in drafts]
    with reference_race_refused(session, school.id, references, raced):
        pupils = [store_request(session, school, draft, actor.user_id, via=via) for draft in drafts]
    return ImportResult(tuple(pupil.id for pupil in pupils))


def _checked_rows(
    rows: Sequence[tuple[int, Mapping[str, Any]]], context: SchoolContext, taken: set[str]
) -> list[RequestDraft]:
    """The rule for many requests at once: each row by :func:`check_request`, and no
    reference the school used already or an earlier row holds; raises
    :class:`InvalidFile` with every problem at its row."""
    first_row: dict[str, int] = {}
    drafts: list[RequestDraft] = []
    problems: list[RowProblem] = []
    for number, values in rows:
        try:
            draft = check_request(values, context)
        except InvalidRequest as invalid:
            problems += [_at(number, p) for p in invalid.problems]
            continue
        key = draft.reference.casefold()
        if key in taken:
            problems.append(_at(number, Problem("reference", _TAKEN, {"value": draft.reference})))
        elif key in first_row:
            problems.append(
                _at(number, Problem("reference", _REPEATED, {"first": first_row[key]}))
            )
        first_row.setdefault(key, number)
        drafts.append(draft)
    if problems:
        raise InvalidFile(problems)
    return drafts


def list_school_requests(
    session: Session, actor: Actor, *, school_id: int
) -> list[RequestSummary]:
    """The school's requests, open ones first and the longest waiting first.

    Showing the list shows pupil data, so it is audited with the ids shown (the
    caller commits the audit entry).
    """
    school = _school(session, actor, Permission.VIEW_SCHOOL, school_id)
    now = clock.now()
    pupils = session.scalars(select(Pupil).where(Pupil.school_id == school.id)).all()
    rows = sorted(
        (summary_of(pupil, now) for pupil in pupils),
        key=lambda r: (_STATE_ORDER[r.state], -r.waiting_days, r.id),
    )
    audit.record(
        session,
        "pupil.list",
        "school",
        school.id,
        actor_user_id=actor.user_id,
        pupil_ids=[row.id for row in rows],
    )
    return rows


def page_of_school_requests(
    session: Session, actor: Actor, *, school_id: int, after_id: int | None, limit: int
) -> tuple[list[RequestSummary], bool]:
    """Up to ``limit`` of the school's requests in the order they were made, those after
    request ``after_id`` (the API's cursor), and whether more follow.

    The order is fixed (by id), unlike :func:`list_school_requests`, so a cursor means
    the same whenever it is used. Audited with the ids shown (the caller commits).
    """
    school = _school(session, actor, Permission.VIEW_SCHOOL, school_id)
    query = select(Pupil).where(Pupil.school_id == school.id).order_by(Pupil.id).limit(limit + 1)
    if after_id is not None:
        query = query.where(Pupil.id > after_id)
    pupils = session.scalars(query).all()
    now = clock.now()
    rows = [summary_of(pupil, now) for pupil in pupils[:limit]]
    audit.record(session, "pupil.list", "school", school.id, actor_user_id=actor.user_id,
                 pupil_ids=[row.id for row in rows], via="api")
    return rows, len(pupils) > limit


def show_request(session: Session, actor: Actor, *, pupil_id: int) -> Pupil:
    """One of the school's requests, for its detail page; the view is audited (the
    caller commits)."""
    pupil = _pupil(session, actor, Permission.VIEW_PUPIL, pupil_id)
    audit.record(session, "pupil.view", "pupil", pupil.id, actor_user_id=actor.user_id)
    return pupil


def change_mentor(session: Session, actor: Actor, *, pupil_id: int, chosen: str) -> None:
    """Name another mentor for a request, by the rule a new request follows
    (:func:`matcher.requests.rules.mentor`: an e-mail address of the school's contacts
    and mentors; empty: the acting contact). Raises :class:`InvalidRequest` at the
    field ``mentor``; nothing changes.
    """
    pupil = _pupil(session, actor, Permission.EDIT_PUPIL, pupil_id, lock=True)
    try:
        mentor_id = mentor(chosen, school_context(session, pupil.school, actor.user_id))
    except Refused as refused:
        raise InvalidRequest([Problem("mentor", refused.template, refused.params)]) from None
    pupil.mentor_id = mentor_id
    audit.record(session, "pupil.mentor_changed", "pupil", pupil.id, actor_user_id=actor.user_id)


def withdraw_request(session: Session, actor: Actor, *, pupil_id: int) -> None:
    """Take a waiting or proposed request off the list.

    Open proposals for the pupil are superseded, and so is an approved match the
    volunteer has not answered yet: its answer link stops working, the volunteer's
    place is free again and they get a mail that the request was withdrawn. The
    days waited so far are kept in ``days_waited_before``. Raises
    :class:`CannotWithdraw` once the volunteer has accepted.
    """
    pupil = _pupil(session, actor, Permission.EDIT_PUPIL, pupil_id, lock=True)
    if pupil.state not in WITHDRAWABLE_STATES:
        raise CannotWithdraw(
            "state: a matched, ended or withdrawn request cannot be withdrawn by the school"
        )
    now = clock.now()
    superseded = []
    for match in supersede_open_proposals(session, pupil, now):
        if match.ended_at is not None:
            # An approved match the volunteer had not answered: tell them it is off.
            send_withdrawn(session, match)
        superseded.append(match.id)
    previous = pupil.state
    pupil.days_waited_before = pupil.waiting_days(now)
    pupil.waiting_since = None
    pupil.state = "withdrawn"
    audit.record(
        session,
        "pupil.withdraw",
        "pupil",
        pupil.id,
        actor_user_id=actor.user_id,
        old_state=previous,
        superseded_match_ids=superseded,
    )


def _school(session: Session, actor: Actor, permission: Permission, school_id: int) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise RequestNotFound("school: not found")
    _require(actor, permission, Scope(region_id=school.region_id, school_id=school.id), "school")
    return school


def _pupil(
    session: Session, actor: Actor, permission: Permission, pupil_id: int, *, lock: bool = False
) -> Pupil:
    query = select(Pupil).where(Pupil.id == pupil_id)
    pupil = session.scalar(query.with_for_update() if lock else query)
    if pupil is None or pupil.anonymised_at is not None:
        raise RequestNotFound("request: not found")
    _require(actor, permission, pupil_scope(pupil), "request")
    return pupil


def _require(actor: Actor, permission: Permission, scope: Scope, what: str) -> None:
    try:
        require(actor, permission, scope)
    except OutOfScope:
        raise RequestNotFound(f"{what}: not found") from None


def summary_of(pupil: Pupil, now: datetime) -> RequestSummary:
    """One line of a list for ``pupil`` at ``now`` (its waiting days counted to then)."""
    return RequestSummary(
        id=pupil.id,
        reference=pupil.reference or "",
        school_year=pupil.school_year,
        level=pupil.level,
        priority=pupil.priority,
        state=pupil.state,
        waiting_days=pupil.waiting_days(now),
        created_at=pupil.created_at,
    )


def _at(row: int, problem: Problem) -> RowProblem:
    return RowProblem(problem, row=row, column=COLUMN_FOR_FIELD.get(problem.field))
