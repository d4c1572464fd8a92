"""Matching runs: the list, "run matching", the proposals page, decisions, downloads.

A regional run belongs to its region (another region's coordinator gets 404); a
national run is visible to every coordinator, who sees only the rows touching their
regions and decides only the proposals for pupils of their regions.
"""

from __future__ import annotations

import orjson
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from matcher import audit
from matcher.db.models import Match, MatchingRun, Pupil, Region, School
from matcher.decisions import DecisionRefused, DecisionSettings, approve_match, reject_match
from matcher.errors import BadInput
from matcher.permissions import Permission, Role, Scope
from matcher.runs import RunAlreadyOpen, run_matching
from matcher.vocabulary import PRIORITY_CODES
from webapp.access import authorize, current_actor, requires
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.matching_forms import DecisionForm, RunForm
from webapp.coordinator.proposal_rows import page_rows
from webapp.coordinator.visible import screening_policy, visible_regions
from webapp.database import database
from webapp.ids import parse_id

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
        listed = session.scalars(
            select(MatchingRun)
            .where(MatchingRun.region_id.in_(region_ids) | MatchingRun.region_id.is_(None))
            .order_by(MatchingRun.id.desc())
            .limit(50)
        ).all()
        rows = [{"id": run.id, "region": run.region.name if run.region else _("Landelijk"),
                 "created_at": run.created_at, "open": run.state == "open",
                 "pupils": run.statistics.get("pupils"),
                 "unmatched": run.statistics.get("unmatched")} for run in listed]
    return render_template(
        "coordinator/runs.html",
        runs=rows,
        regions=regions,
        form=RunForm(),
        is_admin=current_actor().role is Role.ADMIN,
    )


@bp.post("/koppelrondes")
@requires(Permission.RUN_MATCHING)
def start_run() -> Response:
    form = RunForm()
    if not form.validate_on_submit():
        abort(400)
    actor = current_actor()
    national = form.region.data == "landelijk"
    if national and actor.role is not Role.ADMIN:
        abort(404)
    region_id = None if national else _region_id(form.region.data)
    if region_id is not None:
        authorize(Permission.RUN_MATCHING, Scope(region_id=region_id))
    with database().unit_of_work() as session:
        try:
            run = run_matching(
                session,
                actor_user_id=actor.user_id,
                region_id=region_id,
                cross_region_online=national and form.cross_region_online.data,
                policy=screening_policy(),
            )
            session.commit()
        except RunAlreadyOpen:
            flash(_("Er is net al een koppelronde voor deze regio gestart."), "error")
            return redirect(url_for("coordinator.runs"))
        return redirect(url_for("coordinator.proposals", run_id=run.id))


@bp.get("/koppelrondes/<int:run_id>")
@requires(Permission.DECIDE_MATCH)
def proposals(run_id: int) -> str:
    show = request.args.get("toon", "alle")
    priority = request.args.get("urgentie", "")
    search = request.args.get("zoek", "").strip().lower()
    phrases = Phrases()
    with database().unit_of_work() as session:
        run = _visible_run(session, run_id)
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
        # The page shows these pupils' data: record who saw which (ids only).
        audit.record(session, "matching_run.view", "matching_run", run.id,
                     actor_user_id=current_actor().user_id,
                     pupil_ids=[r.pupil_id for r in shown])
        session.commit()
    return render_template(
        "coordinator/proposals.html",
        run=summary,
        rows=shown,
        total=len(rows),
        form=DecisionForm(),
        show=show,
        priority=priority,
        search=search,
        priorities=PRIORITY_CODES,
        t={**phrases.row, "states": phrases.states, "priorities": phrases.priorities},
        show_options=SHOW,
        # One url_for instead of thousands: each row appends its pupil id.
        pupil_base=url_for("coordinator.pupil", pupil_id=0).rsplit("/", 1)[0],
    )


@bp.post("/koppelrondes/<int:run_id>/besluiten")
@requires(Permission.DECIDE_MATCH)
def decide(run_id: int) -> Response:
    form = DecisionForm()
    chosen = request.form.getlist("voorstel")
    if not form.validate_on_submit() or not all(parse_id(c) for c in chosen):
        abort(400)
    if parse_id(request.form.get("alleen")):
        chosen = [request.form["alleen"]]
    if not chosen:
        flash(_("Kies eerst een of meer voorstellen."), "error")
        return redirect(url_for("coordinator.proposals", run_id=run_id))
    ids = sorted({int(c) for c in chosen})
    with database().unit_of_work() as session:
        _visible_run(session, run_id)
        regions = session.execute(
            select(Match.id, School.region_id)
            .join(Pupil, Match.pupil_id == Pupil.id)
            .join(School, Pupil.school_id == School.id)
            .where(Match.run_id == run_id, Match.id.in_(ids))
        ).all()
    if len(regions) != len(ids):
        abort(404)
    for _match_id, region_id in regions:
        authorize(Permission.DECIDE_MATCH, Scope(region_id=region_id))
    if form.action.data == "reject" and not (form.reason.data or "").strip():
        flash(_("Geef een reden voor het afwijzen."), "error")
        return redirect(url_for("coordinator.proposals", run_id=run_id))
    done, refused = _decide_each(ids, form)
    if done:
        flash(_("%(n)s voorstel(len) verwerkt.", n=done), "success")
    for message in refused:
        flash(message, "error")
    return redirect(url_for("coordinator.proposals", run_id=run_id))


@bp.get("/koppelrondes/<int:run_id>/<any(instance, resultaat):part>.json")
@requires(Permission.RUN_MATCHING)
def download(run_id: int, part: str) -> Response:
    with database().unit_of_work() as session:
        run = _visible_run(session, run_id)
        if run.region_id is None and current_actor().role is not Role.ADMIN:
            abort(404)  # a national instance lists every region's people
        body = orjson.dumps(run.instance if part == "instance" else run.result)
        audit.record(
            session,
            "matching_run_downloaded",
            "matching_run",
            run.id,
            actor_user_id=current_actor().user_id,
            part=part,
        )
        session.commit()
    name = f"koppel-run-{run_id}-{'instance' if part == 'instance' else 'result'}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


def _decide_each(match_ids: list[int], form: DecisionForm) -> tuple[int, list[str]]:
    """Each proposal in its own transaction, so one refusal does not undo the others."""
    phrases, actor = Phrases(), current_actor()
    settings = decision_settings()
    done, refused = 0, []
    for match_id in match_ids:
        with database().unit_of_work() as session:
            reference = session.get(Match, match_id).pupil.reference
            try:
                if form.action.data == "approve":
                    approve_match(session, match_id, actor_user_id=actor.user_id, settings=settings)
                else:
                    reject_match(
                        session, match_id, actor_user_id=actor.user_id, reason=form.reason.data
                    )
                session.commit()
                done += 1
            except DecisionRefused as why:
                refused.append(f"{reference}: " + " ".join(phrases.refusal(c) for c in why.codes))
            except BadInput as why:
                refused.append(f"{reference}: {why}")
    return done, refused


def decision_settings() -> DecisionSettings:
    """Mail links, answer period and VOG policy from the app's configuration."""
    return DecisionSettings(
        base_url=current_app.config["PUBLIC_URL"],
        answer_days=int(current_app.config.get("ANSWER_DAYS", 7)),
        policy=screening_policy(),
    )


def _visible_run(session: Session, run_id: int) -> MatchingRun:
    # The instance is by far the largest column and only the download reads it.
    run = session.get(MatchingRun, run_id, options=[defer(MatchingRun.instance)])
    if run is None:
        abort(404)
    if run.region_id is not None:
        authorize(Permission.DECIDE_MATCH, Scope(region_id=run.region_id))
    return run


def _region_id(raw: str | None) -> int:
    if not parse_id(raw):
        abort(404)
    return int(raw)
