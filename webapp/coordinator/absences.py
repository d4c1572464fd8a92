"""A coordinator's absences: record one with a deputy and a handover note, withdraw one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from matcher.accounts import absences
from matcher.accounts.permissions import OutOfScope, Permission
from matcher.db.models.users import HANDOVER_NOTE_LIMIT
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.ids import parse_id
from webapp.shared.widgets import ConfirmForm

_DATE_MESSAGE = _l("Vul een geldige datum in.")


class AbsenceForm(FlaskForm):
    starts_on = DateField(_l("Afwezig vanaf"), validators=[InputRequired(_DATE_MESSAGE)])
    ends_on = DateField(_l("Tot en met"), validators=[InputRequired(_DATE_MESSAGE)])
    deputy_id = SelectField(_l("Waarnemer"), choices=[], validate_choice=False)
    handover_note = TextAreaField(
        _l("Overdracht voor de waarnemer"),
        validators=[Length(max=HANDOVER_NOTE_LIMIT, message=_l("Hoogstens 1000 tekens."))],
        render_kw={"rows": 4},
    )


@bp.route("/afwezigheid", methods=["GET", "POST"])
@requires(Permission.RECORD_ABSENCE)
def absence() -> Response | str:
    actor = current_actor()
    form = AbsenceForm()
    with database().unit_of_work() as session:
        deputies = absences.deputy_choices(session, actor)
        form.deputy_id.choices = [("", _("Kies een coördinator"))] + [
            (str(d.id), d.display_name or d.email or "") for d in deputies]
        planned = absences.own_absences(session, actor)
    done = carry_out(
        form,
        lambda session: absences.record_absence(
            session, actor, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            deputy_id=parse_id(form.deputy_id.data), handover_note=form.handover_note.data or ""),
        done=_("Uw afwezigheid is vastgelegd; uw waarnemer ziet de overdracht op het overzicht."),
        next_url=url_for("coordinator.absence"),
    )
    if done is not None:
        return done
    return render_template("coordinator/absence.html", form=form, planned=planned,
                           cancel_form=ConfirmForm())


@bp.post("/afwezigheid/<int:absence_id>/intrekken")
@requires(Permission.RECORD_ABSENCE)
def cancel_absence(absence_id: int) -> Response:
    actor = current_actor()
    if ConfirmForm().validate_on_submit():
        try:
            database().run_in_transaction(
                lambda session: absences.cancel_absence(session, actor, absence_id))
        except OutOfScope:
            raise NotFound from None
        flash(_("De afwezigheid is ingetrokken."), "success")
    return redirect(url_for("coordinator.absence"))
