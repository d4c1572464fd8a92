"""Ending a match from a web page: the volunteer and the school ask, the coordinator ends.

The volunteer and the school side ask the coordinator to end a match
(:func:`ask_from_form`); a coordinator ends one at once (:func:`end_from_form`), which
settles an open request. The match's scope (pupil's region and school, volunteer's
account) decides whether it is the visitor's — if not, 404.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectField, TextAreaField

from matcher.accounts.permissions import OutOfScope, Permission
from matcher.contacts.end_requests import Ended, end_now, open_request_of, request_end
from matcher.db.models import Match
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


def school_side_asks(pupil_id: int, permission: Permission, *, page: str, back: str,
                     back_label: str) -> Response | str:
    """The school side's page to ask to end ``pupil_id``'s active match: ``page`` is its own
    endpoint, ``back`` the endpoint it returns to; ``permission`` on the match's scope
    decides whether the pupil is the visitor's (404 when not, or without a live match).
    While a request is open the page says so instead of asking again."""
    form = end_form()
    with database().unit_of_work() as session:
        match_id = session.scalar(
            select(Match.id).where(Match.pupil_id == pupil_id, Match.state == "active")
        )
        scope = match_scope(session, match_id) if match_id else None
        if scope is None:
            abort(404)
        authorize(permission, scope)
        reference = session.get(Match, match_id).pupil.reference
        asked = open_request_of(session, current_actor(), match_id) is not None
    if not asked and form.is_submitted() and ask_from_form(match_id, form):
        return redirect(url_for(back, pupil_id=pupil_id))
    return render_template(
        "matches/ask_to_end.html", form=form, asked=asked, reference=reference,
        action=url_for(page, pupil_id=pupil_id), back_url=url_for(back, pupil_id=pupil_id),
        back_label=back_label,
    )
