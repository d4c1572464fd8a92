"""The school side of the API: a school's buddy requests, one at a time or in bulk.

Each view turns the body into the values the school's form gives, calls the same use
case as the form (:mod:`matcher.requests.school_requests`) in one transaction, and
answers JSON; refusals become problem details (:mod:`.problems`).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Actor, Permission
from matcher.db.models import Pupil, Region, School
from matcher.requests import school_requests
from matcher.shared import clock
from matcher.shared.weekly_slots import clock_text
from webapp.api import bp, schemas
from webapp.api.guard import operation
from webapp.api.ids import public_ids
from webapp.api.problems import problem
from webapp.shared.database import database

MAX_PAGE = 200


@bp.get("/me")
@operation(Permission.SIGNED_IN, writes=False)
@bp.response(200, schemas.Me)
def me(actor: Actor) -> dict[str, Any]:
    """The schools and regions the token may act for (its owner's, as on the web)."""
    query = select(School).where(
        or_(School.id.in_(actor.school_ids), School.region_id.in_(actor.region_ids))
    ).order_by(School.name)
    with database().unit_of_work() as session:
        schools = session.scalars(query).all()
        regions = session.scalars(
            select(Region).where(Region.id.in_(actor.region_ids)).order_by(Region.name)
        ).all()
        return {
            "schools": [{"id": public_ids("school").encode(s.id), "name": s.name} for s in schools],
            "regions": [{"id": public_ids("region").encode(r.id),
                         "name": r.name} for r in regions],
        }


@bp.post("/schools/<school>/requests")
@operation(Permission.EDIT_PUPIL, writes=True)
@bp.arguments(schemas.RequestIn)
@bp.response(201, schemas.Request)
def create(actor: Actor, body: dict[str, Any], school: str) -> Any:
    """Create one request: the school form's fields and rules (needs a write token)."""
    school_id = public_ids("school").decode(school)
    if school_id is None:
        return problem(404)

    def work(session):
        pupil_id = school_requests.create_request(
            session, actor, school_id=school_id, values=_values(body)
        )
        return _request(session.get(Pupil, pupil_id))

    created = database().run_in_transaction(work)
    return created, 201, {"Location": url_for("api.read", request_id=created["id"])}


@bp.post("/schools/<school>/requests/bulk")
@operation(Permission.EDIT_PUPIL, writes=True)
@bp.arguments(schemas.BulkIn)
@bp.response(201, schemas.BulkCreated)
def create_many(actor: Actor, body: dict[str, Any], school: str) -> Any:
    """Create up to 500 requests, all or none: each row by the CSV import's rules; the
    problems of every row are listed at ``#/requests/<row>/<field>``."""
    school_id = public_ids("school").decode(school)
    if school_id is None:
        return problem(404)
    rows = [_values(row) for row in body["requests"]]
    result = database().run_in_transaction(
        lambda session: school_requests.import_requests(
            session, actor, school_id=school_id, rows=rows
        )
    )
    return {"ids": [public_ids("pupil").encode(i) for i in result.pupil_ids]}, 201


@bp.get("/schools/<school>/requests")
@operation(Permission.VIEW_SCHOOL, writes=False)
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.RequestPage)
def list_requests(actor: Actor, args: dict[str, Any], school: str) -> Any:
    """The school's requests with their state and waiting days, oldest first, a page at a
    time: pass ``next_cursor`` as ``cursor`` for the next page (``null``: the last)."""
    school_id = public_ids("school").decode(school)
    after = public_ids("pupil").decode(args["cursor"]) if "cursor" in args else None
    if school_id is None or ("cursor" in args and after is None):
        return problem(404)
    limit = args["limit"]
    if not 1 <= limit <= MAX_PAGE:
        return problem(422, [{"pointer": "#/limit", "detail": f"1 … {MAX_PAGE}"}])
    rows, more = database().run_in_transaction(
        lambda session: school_requests.page_of_school_requests(
            session, actor, school_id=school_id, after_id=after, limit=limit
        )
    )
    items = [_summary(row) for row in rows]
    return {"items": items, "next_cursor": items[-1]["id"] if more and items else None}


@bp.get("/requests/<request_id>")
@operation(Permission.VIEW_PUPIL, writes=False)
@bp.response(200, schemas.Request)
def read(actor: Actor, request_id: str) -> Any:
    """One request with its state and waiting days."""
    pupil_id = public_ids("pupil").decode(request_id)
    if pupil_id is None:
        return problem(404)
    return database().run_in_transaction(
        lambda session: _request(school_requests.show_request(session, actor, pupil_id=pupil_id))
    )


@bp.post("/requests/<request_id>/withdraw")
@operation(Permission.EDIT_PUPIL, writes=True)
@bp.response(204)
def withdraw(actor: Actor, request_id: str) -> Response | tuple[str, int]:
    """Withdraw a waiting or proposed request (409 once a volunteer has accepted)."""
    pupil_id = public_ids("pupil").decode(request_id)
    if pupil_id is None:
        return problem(404)
    database().run_in_transaction(
        lambda session: school_requests.withdraw_request(session, actor, pupil_id=pupil_id)
    )
    return "", 204


def _values(body: dict[str, Any]) -> dict[str, Any]:
    # The rules read what a person typed: a number arrives as its text.
    values = dict(body)
    if "school_year" in values:
        values["school_year"] = str(values["school_year"])
    return values


def _summary(row: school_requests.RequestSummary) -> dict[str, Any]:
    return {
        "id": public_ids("pupil").encode(row.id),
        "reference": row.reference,
        "school_year": row.school_year,
        "level": row.level,
        "priority": row.priority,
        "state": row.state,
        "waiting_days": row.waiting_days,
        "created_at": row.created_at,
    }


def _request(pupil: Pupil) -> dict[str, Any]:
    return {
        **_summary(school_requests.summary_of(pupil, clock.now())),
        "subjects": list(pupil.subjects),
        "needs": list(pupil.needs),
        "languages": list(pupil.languages),
        "needs_language": pupil.needs_language,
        "availability": [
            {"day": s["day"], "start": clock_text(s["start"]), "end": clock_text(s["end"])}
            for s in pupil.availability
        ],
        "mode": pupil.mode,
        "postcode": f"{pupil.pc4:04d}",
    }
