"""The coordinator erases a pupil's closed request now instead of after the retention period.

A page shows the request's reference and state and what erasing does; the button
POSTs. A pupil of another region is 404; a request that is still open is refused
with a message saying what to do first.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Actor, OutOfScope, Permission
from matcher.deletion import erasure
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.widgets import ConfirmForm

REFUSALS = {
    "still_open": _l(
        "Deze aanvraag loopt nog. De school trekt de aanvraag eerst in (of de koppeling "
        "wordt beëindigd); daarna kunt u de gegevens wissen."
    ),
    "live_match": _l("Deze leerling heeft nog een koppeling. Beëindig die eerst."),
    "already_erased": _l("De gegevens van deze aanvraag zijn al gewist."),
}


@bp.route("/leerlingen/<int:pupil_id>/wissen", methods=["GET", "POST"])
@requires(Permission.COORDINATOR_AREA)
def erase_pupil(pupil_id: int) -> Response | tuple[str, int] | str:
    form = ConfirmForm()
    actor = current_actor()
    try:
        if form.validate_on_submit():
            try:
                database().run_in_transaction(
                    lambda session: erasure.erase_pupil_request(session, actor, pupil_id)
                )
            except erasure.CannotErase as refused:
                return _page(actor, pupil_id, form, refused.code), 409
            flash(_("De gegevens van deze aanvraag zijn gewist."), "success")
            return redirect(url_for("coordinator.pupil", pupil_id=pupil_id))
        return _page(actor, pupil_id, form, None)
    except (erasure.NothingToErase, OutOfScope):
        abort(404)


def _page(actor: Actor, pupil_id: int, form: ConfirmForm, refused: str | None) -> str:
    # Showing the request is audited, so it is a transaction of its own.
    shown = database().run_in_transaction(
        lambda session: erasure.pupil_for_erasure(session, actor, pupil_id)
    )
    refusal = refused or shown.refusal
    return render_template(
        "coordinator/erase_pupil.html", pupil=shown, form=form,
        refusal=REFUSALS[refusal] if refusal else None,
    )
