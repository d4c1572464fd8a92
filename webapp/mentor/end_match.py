"""The mentor asks the coordinator to end their pupil's active match, with a reason (the
progress page links here). Any pupil the mentor does not mentor is 404."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.mentor import bp
from webapp.shared.access import requires
from webapp.shared.match_ending import school_side_asks


@bp.route("/leerling/<int:pupil_id>/koppeling-beeindigen", methods=["GET", "POST"])
@requires(Permission.MENTOR_AREA)
def end_match(pupil_id: int) -> Response | str:
    return school_side_asks(pupil_id, Permission.VIEW_PROGRESS, page="mentor.end_match",
                            back="mentor.progress", back_label=_("Terug naar de voortgang"))
