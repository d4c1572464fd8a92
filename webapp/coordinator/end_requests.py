"""Requests to end a match in the coordinator's regions: confirm with a reason, or decline.

The list shows each open request with its suggested reason and explanation (reading
them is audited by the use case). Confirming ends the match and, when the pupil needs
a new buddy, leads straight to matching the pupil by hand; declining tells the one
who asked. A request of another region is 404.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from matcher.accounts.permissions import OutOfScope, Permission
from matcher.contacts.end_requests import confirm_end, decline_end, open_end_requests
from matcher.matches.end_reasons import END_REASON
from matcher.shared.errors import BadInput
from webapp.coordinator import bp
from webapp.coordinator.pupils import after_end
from webapp.shared import messages
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language
from webapp.shared.match_ending import EndMatchForm, end_form
from webapp.shared.widgets import ConfirmForm

SIDES = {"volunteer": _l("Maatje"), "mentor": _l("School"), "coordinator": _l("Coördinator")}


@bp.get("/stopverzoeken")
@requires(Permission.DECIDE_MATCH)
def end_requests() -> str:
    return _page()


@bp.post("/stopverzoeken/<int:request_id>/bevestigen")
@requires(Permission.DECIDE_MATCH)
def confirm_end_request(request_id: int) -> Response | str:
    form = end_form()
    if not form.validate_on_submit():
        return _page(request_id, form)
    actor, reason_code = current_actor(), form.reason_code.data or ""
    base_url = current_app.config["PUBLIC_URL"]
    try:
        ended = database().run_in_transaction(
            lambda session: confirm_end(session, actor, request_id, reason_code=reason_code,
                                        base_url=base_url)
        )
    except OutOfScope:
        abort(404)
    except BadInput as error:
        attach_error(form, error)
        return _page(request_id, form)
    flash(_("De koppeling is beëindigd. Wie erbij betrokken is, krijgt bericht."), "success")
    return redirect(after_end(ended, ended.pupil_id))


@bp.post("/stopverzoeken/<int:request_id>/afwijzen")
@requires(Permission.DECIDE_MATCH)
def decline_end_request(request_id: int) -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        actor = current_actor()
        try:
            database().run_in_transaction(lambda session: decline_end(session, actor, request_id))
        except OutOfScope:
            abort(404)
        except BadInput as error:
            flash(messages.describe(error), "error")
        else:
            flash(_("Het verzoek is afgewezen; wie het vroeg, krijgt bericht."), "success")
    return redirect(url_for("coordinator.end_requests"))


def _page(failed_id: int | None = None, failed: EndMatchForm | None = None) -> str:
    actor, locale = current_actor(), current_language()
    lines = database().run_in_transaction(lambda session: open_end_requests(session, actor))
    forms = {line.id: failed if line.id == failed_id and failed else end_form(line.suggested_reason)
             for line in lines}
    for request_id, form in forms.items():  # several forms on one page: ids of their own
        form.reason_code.id = form.reason_code.label.field_id = f"reason_code-{request_id}"
    return render_template("coordinator/end_requests.html", lines=lines, forms=forms,
                           decline=ConfirmForm(), sides=SIDES, failed=failed,
                           reason=lambda code: END_REASON[code].label(locale) if code else "—")
