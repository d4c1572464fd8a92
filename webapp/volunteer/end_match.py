"""The volunteer's buddies: their live matches, and ending one with a reason.

Only the volunteer's own matches appear; another match's id is 404.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.matches.overview import volunteer_matches
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.match_ending import EndMatchForm, end_form, end_from_form
from webapp.volunteer import bp


@bp.get("/vrijwilliger/koppelingen")
@requires(Permission.VOLUNTEER_AREA)
def my_matches() -> str:
    return _page(end_form(), None)


@bp.post("/vrijwilliger/koppelingen/<int:match_id>/beeindigen")
@requires(Permission.VOLUNTEER_AREA)
def end_my_match(match_id: int) -> Response | str:
    form = end_form()
    if end_from_form(match_id, form, Permission.VOLUNTEER_AREA):
        return redirect(url_for("volunteer.my_matches"))
    return _page(form, match_id)


def _page(form: EndMatchForm, failed_match_id: int | None) -> str:
    with database().unit_of_work() as session:
        matches = volunteer_matches(session, current_actor())
    return render_template("volunteer/matches.html", matches=matches, form=form,
                           fresh=end_form() if failed_match_id else form,
                           failed_match_id=failed_match_id)
