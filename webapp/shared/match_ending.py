"""Ending a match from a web page: the volunteer and the school ask, the coordinator ends.

The volunteer and the school side ask the coordinator to end a match
(:func:`ask_from_form`); a coordinator ends one at once (:func:`end_from_form`), which
settles an open request. The match's scope (pupil's region and school, volunteer's
account) decides whether it is the visitor's — if not, 404.
"""

from __future__ import annotations

from flask import abort, current_app, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from matcher.accounts.permissions import OutOfScope, Permission
from matcher.contacts.end_requests import Ended, end_now, request_end
from matcher.db.models.contacts import NOTE_LIMIT
from matcher.matches.decisions import DecisionRefused
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
        render_kw={"maxlength": NOTE_LIMIT},
    )

    def localise(self, locale: str) -> None:
        """Show the reasons in the page's language."""
        self.reason_code.choices = [("", "—")] + [
            (code, term.label(locale)) for code, term in END_REASON.items()
        ]


def end_form(reason_code: str | None = None) -> EndMatchForm:
    """The end form, its reasons in the page's language, ``reason_code`` chosen."""
    form = EndMatchForm()
    form.localise(current_language())
    if reason_code and not form.is_submitted():
        form.reason_code.data = reason_code
    return form


def ask_from_form(match_id: int, form: EndMatchForm) -> bool:
    """Ask to end ``match_id`` with the submitted reason; ``False`` when the form needs fixing.

    Aborts with 404 when the match is not the visitor's (or does not exist).
    """
    _authorize(match_id, Permission.REQUEST_END)
    if not form.validate_on_submit():
        return False
    actor, reason_code, note = current_actor(), form.reason_code.data or "", form.note.data
    base_url = current_app.config["PUBLIC_URL"]
    try:
        database().run_in_transaction(
            lambda session: request_end(session, actor, match_id, reason_code=reason_code,
                                        explanation=note, base_url=base_url)
        )
    except OutOfScope:
        abort(404)
    except BadInput as error:
        attach_error(form, error, {"explanation": "note"})
        return False
    flash(_("Uw verzoek is verstuurd. De coördinator beslist en laat het u weten."), "success")
    return True


def end_from_form(match_id: int, form: EndMatchForm) -> Ended | bool:
    """A coordinator ends ``match_id`` at once; what the end did, ``True`` when it had
    ended already, ``False`` when the form needs fixing. 404 for another region's match."""
    _authorize(match_id, Permission.DECIDE_MATCH)
    if not form.validate_on_submit():
        return False
    actor, reason_code, note = current_actor(), form.reason_code.data, form.note.data
    base_url = current_app.config["PUBLIC_URL"]
    try:
        ended = database().run_in_transaction(
            lambda session: end_now(session, actor, match_id, reason_code=reason_code,
                                    note=note, base_url=base_url)
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
    return ended


def _authorize(match_id: int, permission: Permission) -> None:
    with database().unit_of_work() as session:
        scope = match_scope(session, match_id)
    if scope is None:
        abort(404)
    authorize(permission, scope)
