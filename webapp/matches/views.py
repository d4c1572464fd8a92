"""Accept or decline a proposal: the link shows the proposal and two buttons (POST).

The token in the link is the credential (single use, expiring); opening the page
does not use it, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

from flask import render_template, request
from werkzeug.wrappers import Response

from matcher.accounts import tokens
from matcher.accounts.permissions import Permission
from matcher.matches.answers import accept_match, decline_match, proposal_for_token
from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import LEVEL, MODE, SUBJECT
from webapp.matches import bp
from webapp.matches.forms import AnswerForm
from webapp.shared.access import requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language


@bp.route("/koppeling/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def answer(token: str) -> Response | tuple[str, int] | str:
    form = AnswerForm()
    with database().unit_of_work() as session:
        try:
            shown = _summary(proposal_for_token(session, token))
        except tokens.TokenInvalid:
            return render_template("matches/invalid.html"), 404
    if form.validate_on_submit() and request.form.get("antwoord") in {"ja", "nee"}:
        accepted = request.form["antwoord"] == "ja"
        reason = form.reason.data
        try:
            # Run again once if PostgreSQL picks this answer to break a deadlock.
            database().run_in_transaction(
                lambda session: accept_match(session, token) if accepted
                else decline_match(session, token, reason=reason)
            )
        except tokens.TokenInvalid:
            return render_template("matches/invalid.html"), 404
        except BadInput as error:
            attach_error(form, error)
        else:
            return render_template("matches/answered.html", accepted=accepted, **shown)
    return render_template("matches/answer.html", form=form, **shown)


def _summary(match) -> dict[str, object]:
    locale = current_language()
    pupil = match.pupil
    return {
        "reference": pupil.reference or f"#{pupil.id}",
        "year_level": f"{pupil.school_year} {LEVEL[pupil.level].label(locale)}",
        "subjects": ", ".join(SUBJECT[s].label(locale) for s in pupil.subjects if s in SUBJECT),
        "mode": MODE[match.mode or "online"].label(locale),
        "school": pupil.school.name,
    }
