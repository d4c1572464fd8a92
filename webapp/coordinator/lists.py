"""Lists of volunteers, requests and matches with search and filters, and their CSV export."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from matcher.accounts.permissions import Permission
from matcher.reports import region_lists
from matcher.shared import clock
from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import LEVELS, SUBJECTS
from webapp.coordinator import bp
from webapp.coordinator.list_cells import HEADERS, NUMBERS, shown_rows
from webapp.coordinator.visible import visible_regions
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language
from webapp.shared.ids import parse_id
from webapp.shared.state_labels import MATCH_STATES, PUPIL_STATES, SCREENING_STATES

PAGE_SIZE = 100
# URL word → list.
SLUGS = {"vrijwilligers": "volunteers", "aanvragen": "pupils", "koppelingen": "matches"}
STATE_LABELS = {"volunteers": SCREENING_STATES, "pupils": PUPIL_STATES, "matches": MATCH_STATES}


def _kind(slug: str) -> str:
    if slug not in SLUGS:
        abort(404)
    return SLUGS[slug]


def _filters() -> region_lists.Filters:
    args = request.args
    return region_lists.Filters(
        search=args.get("q", ""),
        state=args.get("status", ""),
        subject=args.get("vak", ""),
        level=args.get("niveau", ""),
    )


@bp.get("/lijsten/<slug>")
@requires(Permission.COORDINATOR_AREA)
def list_page(slug: str) -> tuple[str, int] | str:
    kind = _kind(slug)
    filters = _filters()
    page = request.args.get("pagina", "1")
    page_number = min(parse_id(page) or 1, 99_999)
    error = None
    actor, regions = current_actor(), visible_regions()
    try:
        found = database().run_in_transaction(
            lambda session: region_lists.listing(
                session,
                actor,
                kind,
                regions,
                filters,
                offset=(page_number - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
        )
    except BadInput:
        error = _("Deze zoekopdracht klopt niet; kies een waarde uit de lijst.")
        found = region_lists.Listing(region_lists.HEADERS[kind], [], 0)
    body = render_template(
        "coordinator/list.html",
        kind=kind,
        slug=slug,
        slugs=SLUGS,
        filters=filters,
        listing=found,
        header=HEADERS[kind],
        numbers=NUMBERS[kind],
        rows=shown_rows(kind, found),
        error=error,
        page=page_number,
        pages=max((found.total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        state_labels=STATE_LABELS[kind],
        subjects=[(t.code, t.label(current_language())) for t in SUBJECTS],
        levels=[(t.code, t.label(current_language())) for t in LEVELS],
    )
    return (body, 400) if error else body


@bp.get("/lijsten/<slug>.csv")
@requires(Permission.EXPORT_LISTS)
def list_export(slug: str) -> Response:
    kind = _kind(slug)
    actor, regions, filters = current_actor(), visible_regions(), _filters()
    try:
        text = database().run_in_transaction(
            lambda session: region_lists.export(session, actor, kind, regions, filters)
        )
    except BadInput:
        abort(400)
    name = f"koppel-{slug}-{clock.now():%Y%m%d}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
