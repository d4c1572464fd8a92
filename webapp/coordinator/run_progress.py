"""A run that is not done yet: its phase in words and what the worker has counted.

The run's page shows it while the run is queued, running or failed
(``coordinator/run_progress.html``); ``static/run-progress.js`` polls
:func:`progress` every few seconds and reloads the page once the run is done.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher.accounts.permissions import Permission
from matcher.db.models import MatchingRun, Region
from matcher.matching.run_views import visible_run
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.state_labels import RUN_STATES

DONE = ("open", "closed")
# The codes matcher.matching.run_execution.FAILURES names, in the visitor's language.
FAILURES = {
    "database_unreachable": _l("De database was niet bereikbaar."),
    "building": _l("Het lezen van de leerlingen en vrijwilligers is mislukt."),
    "solving": _l("Het berekenen van de koppelingen is mislukt."),
    "storing": _l("Het opslaan van de voorstellen is mislukt; er is niets half opgeslagen."),
}


@bp.get("/koppelrondes/<int:run_id>/voortgang.json")
@requires(Permission.DECIDE_MATCH)
def progress(run_id: int) -> Response:
    with database().unit_of_work() as session:
        run = visible_run(session, current_actor(), run_id)
        status = run_status(run, dict(session.execute(select(Region.slug, Region.name)).all()))
    response = jsonify(status)
    response.headers["Cache-Control"] = "no-store"
    return response


def run_status(run: MatchingRun, region_names: dict[str, str]) -> dict[str, Any]:
    """What the page and the JSON say about ``run``: state, phase, counts, failure."""
    done = run.progress or {}
    failure = done.get("failure", {}).get("code")
    return {
        "id": run.id,
        "state": run.state,
        "phase": str(RUN_STATES[run.state]),
        "done": run.state in DONE,
        "failed": run.state == "failed",
        "failure": (str(FAILURES[failure]) if failure in FAILURES else run.failure)
        if run.state == "failed" else None,
        "pupils": done.get("pupils"),
        "volunteers": done.get("volunteers"),
        "feasible_pairs": done.get("feasible_pairs"),
        "regions": [
            {"name": region_names.get(slug, slug), **counts}
            for slug, counts in done.get("regions", {}).items()
        ] if run.region_id is None else [],
        "url": url_for("coordinator.proposals", run_id=run.id),
    }
