"""Ending a match from a web page: one path for the volunteer, the school and the coordinator.

The page decides which permission the actor uses; the match's scope (pupil's region
and school, volunteer's account) decides whether it is theirs — if not, 404.
"""

from __future__ import annotations

from flask import abort, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from matcher.accounts.permissions import OutOfScope, Permission
from matcher.matches.answers import end_match
from matcher.matches.decisions import MAX_REASON_LENGTH, DecisionRefused
from matcher.matches.end_reasons import END_REASON
from matcher.matches.overview import match_scope
from matcher.shared.errors import BadInput
from webapp.shared.access import authorize, current_actor
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language


class EndMatchForm(FlaskForm):
    """Why the match ends (a code) and, if wanted, a short note for the coordinator."""

    reason_code = SelectField(_l("Waarom stopt de koppeling?"), validate_choice=False)
    note = TextAreaField(
        _l("Toelichting voor de coördinator (optioneel)"),
        render_kw={"maxlength": MAX_REASON_LENGTH},
    )

    def localise(self, locale: str) -> None:
        """Show the reasons in the page's language."""
        self.reason_code.choices = [("", "—")] + [
            (code, term.label(locale)) for code, term in END_REASON.items()
        ]


def end_form() -> EndMatchForm:
    """The end form, its reasons in the page's language."""
    form = EndMatchForm()
    form.localise(current_language())
    return form


def end_from_form(match_id: int, form: EndMatchForm, permission: Permission) -> bool:
    """End ``match_id`` with the submitted reason; ``False`` when the form needs fixing.

    Aborts with 404 when the match is not the actor's (or does not exist); the use
    case checks the same again.
    """
    with database().unit_of_work() as session:
        scope = match_scope(session, match_id)
    if scope is None:
        abort(404)
    authorize(permission, scope)
    if not form.validate_on_submit():
        return False
    actor, reason_code, note = current_actor(), form.reason_code.data, form.note.data
    try:
        database().run_in_transaction(
            lambda session: end_match(session, actor, match_id, reason_code=reason_code,
                                      reason=note)
        )
    except DecisionRefused:
        flash(_("Deze koppeling was al beëindigd."), "error")
        return True
    except OutOfScope:
        abort(404)
    except BadInput as error:
        attach_error(form, error, {"reason": "note"})
        return False
    flash(_("De koppeling is beëindigd. Wie erbij betrokken is, krijgt bericht."), "success")
    return True
