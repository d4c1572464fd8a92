"""Deciding on a run's proposals: approve or reject the ticked ones, or just one.

Each proposal is decided in its own transaction, so one that the data no longer
allows does not undo the others; those are listed by reference with the reason. A
refusal of what the coordinator typed (no reason, too long a reason) holds for every
ticked proposal alike, so the page comes back once with the message at the reason
field, the typed reason and the ticks kept, and nothing decided.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from matcher.accounts.permissions import Permission, Scope
from matcher.db.models import Match, Pupil, School
from matcher.matches.decisions import (
    DecisionRefused,
    DecisionSettings,
    ReasonRefused,
    approve_match,
    reject_match,
)
from matcher.matching.run_views import visible_run
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.matching_forms import DecisionForm
from webapp.coordinator.runs import proposals_page
from webapp.coordinator.visible import screening_policy
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.ids import parse_id


@bp.post("/koppelrondes/<int:run_id>/besluiten")
@requires(Permission.DECIDE_MATCH)
def decide(run_id: int) -> Response | str:
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
        visible_run(session, current_actor(), run_id)
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
    try:
        done, refused = _decide_each(ids, form)
    except ReasonRefused as error:
        attach_error(form, error)
        return proposals_page(run_id, form, chosen=frozenset(ids))
    if done:
        flash(_("%(n)s voorstel(len) verwerkt.", n=done), "success")
    for message in refused:
        flash(message, "error")
    return redirect(url_for("coordinator.proposals", run_id=run_id))


def _decide_each(match_ids: list[int], form: DecisionForm) -> tuple[int, list[str]]:
    """Each proposal in its own transaction; the count decided and why others were refused.

    :class:`~matcher.matches.decisions.ReasonRefused` comes from the first proposal, before
    anything changed, and is raised on.
    """
    phrases, actor = Phrases(), current_actor()
    settings = decision_settings()
    done, refused = 0, []
    for match_id in match_ids:
        with database().unit_of_work() as session:
            reference = session.get(Match, match_id).pupil.reference
        try:
            if form.action.data == "approve":
                database().run_in_transaction(
                    lambda session, match_id=match_id: approve_match(
                        session, actor, match_id, settings=settings
                    )
                )
            else:
                database().run_in_transaction(
                    lambda session, match_id=match_id: reject_match(
                        session, actor, match_id, reason=form.reason.data
                    )
                )
            done += 1
        except DecisionRefused as why:
            refused.append(f"{reference}: " + " ".join(phrases.refusal(c) for c in why.codes))
    return done, refused


def decision_settings() -> DecisionSettings:
    """Mail links, answer period and VOG policy from the app's configuration."""
    return DecisionSettings(
        base_url=current_app.config["PUBLIC_URL"],
        answer_days=int(current_app.config.get("ANSWER_DAYS", 7)),
        policy=screening_policy(),
    )
