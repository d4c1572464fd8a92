"""A region's escalation thresholds: when a silent pair gets its reminder, list entry, notice."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField

from matcher.accounts.permissions import Permission
from matcher.contacts import thresholds
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out

NUMBER = {"inputmode": "numeric", "autocomplete": "off"}


class ThresholdsForm(FlaskForm):
    """The four thresholds, as typed; the use case reads them as whole numbers."""

    reminder_percent = StringField(_l("Herinnering aan het maatje (% van het ritme)"),
                                   render_kw=NUMBER)
    attention_day = StringField(_l("Op de lijst ‘Vraagt aandacht’ na (dagen)"), render_kw=NUMBER)
    school_notice_day = StringField(_l("Bericht aan de school na (dagen)"), render_kw=NUMBER)
    unreached_in_a_row = StringField(_l("Bericht aan de school na zoveel keer op rij niet bereikt"),
                                     render_kw=NUMBER)


HINTS = {
    "reminder_percent": _l("150: bij wekelijks contact op dag 10. Van 100 tot en met 400."),
    "attention_day": _l("Dagen zonder contact waarin de leerling bereikt is. Van 2 tot en met 60."),
    "school_notice_day": _l("Niet eerder dan de dag van ‘Vraagt aandacht’, hoogstens 90."),
    "unreached_in_a_row": _l("Van 1 tot en met 10."),
}


@bp.route("/regio/<int:region_id>/drempels", methods=["GET", "POST"])
@requires(Permission.SET_REGION_THRESHOLDS)
def region_thresholds(region_id: int) -> Response | str:
    actor = current_actor()
    # A region outside the actor's, or none, raises OutOfScope: not found.
    with database().unit_of_work() as session:
        current = thresholds.region_thresholds(session, actor, region_id)
    # The current values fill the form when it is shown, never a missing field of a POST.
    shown = {name: str(getattr(current.thresholds, name)) for name in thresholds.LIMITS}
    form = ThresholdsForm(data=shown if request.method == "GET" else None)
    done = carry_out(
        form,
        lambda session: thresholds.set_region_thresholds(
            session, actor, region_id, {name: form[name].data for name in thresholds.LIMITS}
        ),
        done=_("De drempels van %(region)s zijn opgeslagen.", region=current.region_name),
        next_url=url_for("coordinator.attention"),
    )
    if done is not None:
        return done
    return render_template("coordinator/thresholds.html", form=form, region=current, hints=HINTS)
