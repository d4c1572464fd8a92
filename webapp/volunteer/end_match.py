"""The volunteer's buddies: their live matches (see :mod:`webapp.volunteer.match_page`), and
asking the coordinator to end one, with a reason.

Only the volunteer's own matches appear; another match's id is 404.
"""

from __future__ import annotations

from flask import redirect, url_for
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.shared.access import requires
from webapp.shared.match_ending import ask_from_form, end_form
from webapp.volunteer import bp
from webapp.volunteer.match_page import Failed, render


@bp.get("/vrijwilliger/koppelingen")
@requires(Permission.VOLUNTEER_AREA)
def my_matches() -> str:
    return render()


@bp.post("/vrijwilliger/koppelingen/<int:match_id>/beeindigen")
@requires(Permission.VOLUNTEER_AREA)
def ask_to_end(match_id: int) -> Response | str:
    form = end_form()
    if ask_from_form(match_id, form):
        return redirect(url_for("volunteer.my_matches", _anchor=f"match-{match_id}"))
    return render(Failed(match_id, {"end": form}))
