"""The coordinator side of the API (read-only): the waiting pupils of a region.

The same rows and columns as the coordinator's list and its CSV export
(:func:`matcher.reports.region_lists.listing`, ``HEADERS["pupils"]``), with the
region and the pupils under opaque ids.
"""

from __future__ import annotations

from typing import Any

from matcher.accounts.permissions import Actor, Permission
from matcher.reports import region_lists
from webapp.api import bp, schemas
from webapp.api.guard import operation
from webapp.api.ids import public_ids
from webapp.api.problems import problem
from webapp.api.requests import MAX_PAGE
from webapp.shared.database import database

WAITING = region_lists.Filters(state="waiting")


@bp.get("/regions/<region>/waiting-pupils")
@operation(Permission.COORDINATOR_AREA, writes=False)
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.WaitingPage)
def waiting_pupils(actor: Actor, args: dict[str, Any], region: str) -> Any:
    """The region's waiting pupils, longest known first by id, a page at a time (the
    columns of the coordinator's CSV export)."""
    region_id = public_ids("region").decode(region)
    offset = public_ids("cursor").decode(args["cursor"]) if "cursor" in args else 0
    if region_id is None or offset is None:
        return problem(404)
    limit = args["limit"]
    if not 1 <= limit <= MAX_PAGE:
        return problem(422, [{"pointer": "#/limit", "detail": f"1 … {MAX_PAGE}"}])
    found = database().run_in_transaction(
        lambda session: region_lists.listing(
            session, actor, "pupils", frozenset({region_id}), WAITING,
            offset=offset, limit=limit,
        )
    )
    items = [_item(dict(zip(found.header, row, strict=True))) for row in found.rows]
    more = offset + len(items) < found.total
    after = public_ids("cursor").encode(offset + limit) if more else None
    return {"items": items, "next_cursor": after}


def _item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": public_ids("pupil").encode(row["id"]),
        "reference": row["referentie"],
        "school": row["school"],
        "school_year": row["leerjaar"],
        "level": row["niveau"],
        "subjects": row["vakken"].split(),
        "priority": row["urgentie"],
        "state": row["status"],
        "waiting_days": row["wachtdagen"],
    }
