"""The mentor asks the coordinator to end their pupil's active match, with a reason (the
progress page links here). Any pupil the mentor does not mentor is 404."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.contacts.end_requests import open_request_of
from matcher.db.models import Match
from matcher.matches.overview import match_scope
from webapp.mentor import bp
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.match_ending import ask_from_form, end_form


@bp.route("/leerling/<int:pupil_id>/koppeling-beeindigen", methods=["GET", "POST"])
@requires(Permission.MENTOR_AREA)
def end_match(pupil_id: int) -> Response | str:
    form = end_form()
    with database().unit_of_work() as session:
        match_id = session.scalar(
            select(Match.id).where(Match.pupil_id == pupil_id, Match.state == "active")
        )
        scope = match_scope(session, match_id) if match_id else None
        if scope is None:
            abort(404)
        authorize(Permission.VIEW_PROGRESS, scope)
        reference = session.get(Match, match_id).pupil.reference
        asked = open_request_of(session, current_actor(), match_id) is not None
    if not asked and form.is_submitted() and ask_from_form(match_id, form):
        return redirect(url_for("mentor.progress", pupil_id=pupil_id))
    return render_template(
        "matches/ask_to_end.html", form=form, asked=asked, reference=reference,
        action=url_for("mentor.end_match", pupil_id=pupil_id),
        back_url=url_for("mentor.progress", pupil_id=pupil_id),
        back_label=_("Terug naar de voortgang"),
    )
