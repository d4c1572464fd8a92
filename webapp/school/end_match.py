"""The school asks the coordinator to end its pupil's active match, with a reason (the
request page links here). Only a pupil of the contact's own schools, with an active
match, has this page; any other id is 404."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.school import bp
from webapp.shared.access import requires
from webapp.shared.match_ending import school_side_asks


@bp.route("/aanvraag/<int:pupil_id>/koppeling-beeindigen", methods=["GET", "POST"])
@requires(Permission.SCHOOL_AREA)
def end_match(pupil_id: int) -> Response | str:
    return school_side_asks(pupil_id, Permission.EDIT_PUPIL, page="school.end_match",
                            back="school.show", back_label=_("Terug naar de aanvraag"))
