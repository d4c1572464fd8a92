"""The volunteer's "my pupils" page: each live match with its contact log and forms.

One renderer for every route that lands on the page, so a refused form comes back
at its own match with its message while the other matches show fresh forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request
from flask_wtf import FlaskForm

from matcher.contacts.end_requests import open_request_of
from matcher.contacts.moments import moments_of_match
from matcher.contacts.questionnaires import open_questionnaires
from matcher.contacts.questions import KIND
from matcher.matches.overview import volunteer_matches
from webapp.shared.access import current_actor
from webapp.shared.contact_log import rhythm_form, shown
from webapp.shared.database import database
from webapp.shared.i18n import current_language
from webapp.shared.match_ending import end_form
from webapp.volunteer.contact_forms import PauseForm, moment_form


@dataclass
class Failed:
    """The form that was refused, and the match it was for (``None``: nothing refused)."""

    match_id: int | None = None
    forms: dict[str, FlaskForm] = field(default_factory=dict)


def render(failed: Failed | None = None) -> str:
    """The page, with ``failed``'s form (and its messages) at its match."""
    failed = failed or Failed()
    locale, actor = current_language(), current_actor()
    with database().unit_of_work() as session:
        matches = volunteer_matches(session, actor)
        logs = {m.id: shown(moments_of_match(session, actor, m.id), locale)
                for m in matches if m.state == "active"}
        asked = {m.id for m in matches
                 if m.state == "active" and open_request_of(session, actor, m.id)}
        questionnaires = open_questionnaires(session, actor)

    def form_for(match_id: int, name: str) -> FlaskForm:
        return _ids_for(match_id, fresh_or_failed(match_id, name))

    def fresh_or_failed(match_id: int, name: str) -> FlaskForm:
        if failed.match_id == match_id and name in failed.forms:
            return failed.forms[name]
        if name == "moment":
            return moment_form()
        if name == "end":
            return end_form()
        if name == "rhythm":
            return rhythm_form(logs[match_id].rhythm_code)
        return PauseForm()

    worried = request.args.get("zorg", type=int)
    refused = failed.forms.get("end") or end_form()
    return render_template("volunteer/matches.html", matches=matches, logs=logs,
                           form_for=form_for, worried=worried, form=refused, asked=asked,
                           questionnaires=questionnaires,
                           kind=lambda code: KIND[code].label(locale))


def _ids_for(match_id: int, form: FlaskForm) -> FlaskForm:
    """Give the form's fields ids of their own match, so several matches' forms on one page
    keep their labels and error links apart (the names sent stay the same)."""
    suffix = f"-{match_id}"
    for item in form:
        if item.type != "CSRFTokenField" and not item.id.endswith(suffix):
            item.id = item.label.field_id = item.id + suffix
    return form
