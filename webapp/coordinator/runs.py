"""Matching runs: the list, "run matching", the proposals page, decisions, downloads.

Starting a run queues it for the worker and shows its page at once; until the run is
done that page shows its progress (:mod:`webapp.coordinator.run_progress`).

A regional run belongs to its region (another region's coordinator gets 404); a
national run is visible to every coordinator, who sees only the rows touching their
regions and decides only the proposals for pupils of their regions.
"""

from __future__ import annotations

import orjson
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import load_only, selectinload

from matcher.accounts.permissions import Permission, Scope, can
from matcher.db.models import MatchingRun, Region
from matcher.matching.run_queue import RunAlreadyOpen, queue_run
from matcher.matching.run_views import download_run, record_run_view, visible_run
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.matching_forms import DecisionForm, RunForm
from webapp.coordinator.proposal_rows import page_rows
from webapp.coordinator.run_progress import DONE, run_status
from webapp.coordinator.visible import screening_policy, visible_regions
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.ids import parse_id

SHOW = ("alle", "voorstellen", "zonder")


@bp.get("/koppelrondes")
@requires(Permission.RUN_MATCHING)
def runs() -> str:
    visible = visible_regions()
    with database().unit_of_work() as session:
        regions = [
            (r.id, r.name)
            for r in session.scalars(select(Region).order_by(Region.name))
            if visible is None or r.id in visible
        ]
        region_ids = [region_id for region_id, _name in regions]
        # The list reads a handful of small columns, never a run's files or progress.
        listed = session.scalars(
            select(MatchingRun)
            .options(load_only(MatchingRun.region_id, MatchingRun.created_at,
                               MatchingRun.state, MatchingRun.statistics),
                     selectinload(MatchingRun.region))
            .where(MatchingRun.region_id.in_(region_ids) | MatchingRun.region_id.is_(None))
            .order_by(MatchingRun.id.desc())
            .limit(50)
        ).all()
        rows = [{"id": run.id, "region": run.region.name if run.region else _("Landelijk"),
                 "created_at": run.created_at, "state": run.state,
                 "pupils": run.statistics.get("pupils", ""),
                 "unmatched": run.statistics.get("unmatched", "")} for run in listed]
    return render_template(
        "coordinator/runs.html",
        runs=rows,
        regions=regions,
        form=RunForm(),
        may_run_national=_may_run_national(),
    )


@bp.post("/koppelrondes")
@requires(Permission.RUN_MATCHING)
def start_run() -> Response:
    form = RunForm()
    if not form.validate_on_submit():
        abort(400)
    actor = current_actor()
    national = form.region.data == "landelijk"
    if national and not _may_run_national():
        abort(404)
    region_id = None if national else _region_id(form.region.data)
    if region_id is not None:
        authorize(Permission.RUN_MATCHING, Scope(region_id=region_id))
    cross_region_online, policy = national and form.cross_region_online.data, screening_policy()
    try:
        run_id = database().run_in_transaction(
            lambda session: queue_run(
                session,
                actor,
                region_id=region_id,
                cross_region_online=cross_region_online,
                policy=policy,
            ).id
        )
    except RunAlreadyOpen as refused:
        flash(_already_running(refused.run_id), "error")
        return redirect(url_for("coordinator.runs"))
    return redirect(url_for("coordinator.proposals", run_id=run_id))


@bp.get("/koppelrondes/<int:run_id>")
@requires(Permission.DECIDE_MATCH)
def proposals(run_id: int) -> str:
    return proposals_page(run_id, DecisionForm())


def proposals_page(run_id: int, form: DecisionForm, chosen: frozenset[int] = frozenset()) -> str:
    """The proposals page with the decision ``form`` (and the ``chosen`` proposals ticked)."""
    show = request.args.get("toon", "alle")
    priority = request.args.get("urgentie", "")
    search = request.args.get("zoek", "").strip().lower()
    phrases = Phrases()
    with database().unit_of_work() as session:
        run = visible_run(session, current_actor(), run_id)
        if run.state not in DONE:
            region_names = dict(session.execute(select(Region.slug, Region.name)).all())
            return render_template(
                "coordinator/run_progress.html",
                status=run_status(run, region_names),
                region=run.region.name if run.region else None,
                created_at=run.created_at,
                national=run.region_id is None,
            )
        rows = page_rows(session, run, phrases, visible_regions())
        summary = (
            run.id,
            run.state,
            run.created_at,
            run.region.name if run.region else None,
            run.statistics,
        )
        shown = [
            r
            for r in rows
            if (show != "voorstellen" or r.match_id)
            and (show != "zonder" or not r.match_id)
            and (not priority or r.priority == priority)
            and (not search or search in r.reference.lower())
        ]
        # The page shows these pupils' data: record who saw which (ids only, one row).
        record_run_view(session, current_actor(), run, [r.pupil_id for r in shown])
        session.commit()
    return render_template(
        "coordinator/proposals.html",
        run=summary,
        rows=shown,
        total=len(rows),
        form=form,
        chosen=chosen,
        show=show,
        priority=priority,
        search=search,
        priority_labels=phrases.priorities,
        show_options=SHOW,
        # One url_for instead of thousands: each row appends its pupil id.
        pupil_base=url_for("coordinator.pupil", pupil_id=0).rsplit("/", 1)[0],
    )


@bp.get("/koppelrondes/<int:run_id>/<any(instance, resultaat):part>.json")
@requires(Permission.RUN_MATCHING)
def download(run_id: int, part: str) -> Response:
    actor = current_actor()
    payload = database().run_in_transaction(
        lambda session: download_run(session, actor, run_id, part)
    )
    body = orjson.dumps(payload)
    name = f"koppel-run-{run_id}-{'instance' if part == 'instance' else 'result'}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


def _already_running(run_id: int | None) -> Markup:
    """The refusal of a second run, with a link to the one that is queued or running."""
    text = Markup.escape(_("Er loopt al een koppelronde voor deze regio."))
    if run_id is None:
        return text
    link = Markup('<a href="{}">{}</a>').format(
        url_for("coordinator.proposals", run_id=run_id), _("Bekijk ronde %(id)s", id=run_id)
    )
    return text + Markup(" ") + link


def _may_run_national() -> bool:
    """Whether the visitor may start national runs and download their instance and result."""
    return can(current_actor(), Permission.RUN_NATIONAL_MATCHING)


def _region_id(raw: str | None) -> int:
    if not parse_id(raw):
        abort(404)
    return int(raw)
