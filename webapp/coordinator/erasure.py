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

from matcher.accounts.permissions import Permission, Scope
from matcher.deletion import erasure
from matcher.matches.overview import pupil_region
from webapp.coordinator import bp
from webapp.shared.access import authorize, current_actor, requires
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
    actor_user_id = current_actor().user_id
    with database().unit_of_work() as session:
        region_id = pupil_region(session, pupil_id)
        if region_id is None:
            abort(404)
        authorize(Permission.EDIT_PUPIL, Scope(region_id=region_id))
        if form.validate_on_submit():
            try:
                erasure.erase_pupil_request(
                    session, pupil_id=pupil_id, actor_user_id=actor_user_id
                )
            except erasure.CannotErase as refused:
                session.rollback()
                return _page(session, pupil_id, form, refused.code), 409
            flash(_("De gegevens van deze aanvraag zijn gewist."), "success")
            return redirect(url_for("coordinator.pupil", pupil_id=pupil_id))
        return _page(session, pupil_id, form, None)


def _page(session, pupil_id: int, form: ConfirmForm, refused: str | None) -> str:
    shown = erasure.pupil_for_erasure(
        session, pupil_id, actor_user_id=current_actor().user_id
    )
    session.commit()
    refusal = refused or shown.refusal
    return render_template(
        "coordinator/erase_pupil.html", pupil=shown, form=form,
        refusal=REFUSALS[refusal] if refusal else None,
    )
