"""The volunteer's preparation pages: the code of conduct to read and accept, and what to
do with a worry about a pupil. Both stay readable after accepting."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.shared import conduct
from matcher.volunteers.own_profile import own_profile
from matcher.volunteers.preparation import accept_code_of_conduct, preparation_of
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.widgets import ConfirmForm
from webapp.volunteer import bp


@bp.route("/vrijwilliger/gedragscode", methods=["GET", "POST"])
@requires(Permission.VOLUNTEER_AREA)
def code_of_conduct() -> Response | str:
    form = ConfirmForm()
    actor = current_actor()
    accepted = carry_out(
        form,
        lambda session: accept_code_of_conduct(session, actor),
        done=_("U hebt de gedragscode aanvaard. Dank u wel."),
        next_url=url_for("volunteer.code_of_conduct"),
    )
    if accepted:
        return accepted
    with database().unit_of_work() as session:
        preparation = preparation_of(own_profile(session, actor))
    return render_template(
        "volunteer/code_of_conduct.html",
        form=form,
        preparation=preparation,
        version=conduct.CURRENT_VERSION,
    )


@bp.get("/vrijwilliger/bij-zorgen")
@requires(Permission.VOLUNTEER_AREA)
def when_worried() -> str:
    return render_template("volunteer/when_worried.html")
