"""Accept or decline a proposal: the link shows the proposal and two buttons (POST).

The token in the link is the credential (single use, expiring); opening the page
does not use it, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from matcher.accounts import tokens
from matcher.accounts.permissions import Permission
from matcher.matches.answers import accept_match, decline_match, proposal_for_token
from matcher.matches.notifications import school_contacts, shared_times
from matcher.shared.errors import BadInput
from matcher.shared.vocabulary import LEVEL, MODE, SUBJECT
from webapp.matches import bp
from webapp.matches.forms import AnswerForm
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language


@bp.route("/koppeling/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def answer(token: str) -> Response | tuple[str, int] | str:
    form = AnswerForm()
    with database().unit_of_work() as session:
        try:
            shown = _summary(session, proposal_for_token(session, token))
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


def _summary(session, match) -> dict[str, object]:
    """What the page shows of the proposal. The link alone (a forwarded mail) shows the
    year, level, subjects, how and when; the pupil's reference, the school and whom to
    ask there only to the volunteer of the proposal, signed in."""
    locale = current_language()
    pupil = match.pupil
    shown: dict[str, object] = {
        "year_level": f"{pupil.school_year} {LEVEL[pupil.level].label(locale)}",
        "subjects": ", ".join(SUBJECT[s].label(locale) for s in pupil.subjects if s in SUBJECT),
        "mode": MODE[match.mode or "online"].label(locale),
        "times": shared_times(match)[f"times_{'en' if locale == 'en' else 'nl'}"],
        "identified": False,
        "sign_in_url": url_for("auth.login", next=request.path),
    }
    actor = current_actor()
    if actor is None or actor.user_id != match.volunteer.user_id:
        return shown
    contacts = school_contacts(session, pupil.school_id)
    return {
        **shown,
        "identified": True,
        "reference": pupil.reference or f"#{pupil.id}",
        "school": pupil.school.name,
        "contact": (contacts[0].display_name or contacts[0].email) if contacts else None,
        "contact_email": contacts[0].email if contacts else None,
    }
