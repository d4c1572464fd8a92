"""A pupil's file for the coordinator: the request, every match, and ending the live one.

Opening the file is audited (``pupil.view``). A pupil of another region is 404.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission, Scope
from matcher.db.models import Match
from matcher.matches.end_reasons import END_REASON
from matcher.matches.overview import pupil_region, read_pupil_file
from matcher.shared.vocabulary import LEVEL, PRIORITY, SUBJECT
from webapp.coordinator import bp
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language
from webapp.shared.match_ending import EndMatchForm, end_form, end_from_form


@bp.get("/leerlingen/<int:pupil_id>")
@requires(Permission.COORDINATOR_AREA)
def pupil(pupil_id: int) -> str:
    return _page(pupil_id, end_form())


@bp.post("/koppelingen/<int:match_id>/beeindigen")
@requires(Permission.DECIDE_MATCH)
def end(match_id: int) -> Response | str:
    with database().unit_of_work() as session:
        match = session.get(Match, match_id)
        if match is None:
            abort(404)
        pupil_id = match.pupil_id
    form = end_form()
    if end_from_form(match_id, form, Permission.DECIDE_MATCH):
        return redirect(url_for("coordinator.pupil", pupil_id=pupil_id))
    return _page(pupil_id, form)


def _page(pupil_id: int, form: EndMatchForm) -> str:
    locale = current_language()
    with database().unit_of_work() as session:
        region_id = pupil_region(session, pupil_id)
        if region_id is None:
            abort(404)
        authorize(Permission.VIEW_PUPIL, Scope(region_id=region_id))
        file = read_pupil_file(session, current_actor(), pupil_id)
        p = file.pupil
        shown = {
            "id": p.id,
            "reference": p.reference or f"#{p.id}",
            "school": p.school.name,
            "year_level": f"{p.school_year} {LEVEL[p.level].label(locale)}",
            "subjects": ", ".join(SUBJECT[s].label(locale) for s in p.subjects if s in SUBJECT),
            "priority": PRIORITY[p.priority].label(locale),
            "state": p.state,
            "waiting_days": file.waiting_days,
            "waiting": p.state == "waiting",
        }
        session.commit()
    reasons = {code: term.label(locale) for code, term in END_REASON.items()}
    return render_template("coordinator/pupil.html", pupil=shown, matches=file.matches,
                           form=form, end_reasons=reasons)
