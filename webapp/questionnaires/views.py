"""The page where a respondent answers a check-in or the exit questions.

The link in the mail leads here after signing in. Only the questionnaire's own
respondent sees it; anyone else's id is 404. Answered questions, or a check-in of a
match that has ended, show a short page instead of the form.
"""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import OutOfScope, Permission
from matcher.contacts.questionnaires import answer_questionnaire, questionnaire_to_answer
from matcher.contacts.questions import HIGHEST, KIND, LOWEST
from webapp.questionnaires import bp
from webapp.questionnaires.forms import questionnaire_form
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.i18n import current_language
from webapp.shared.sessions import home_url


@bp.route("/vragenlijst/<int:questionnaire_id>", methods=["GET", "POST"])
@requires(Permission.ANSWER_QUESTIONNAIRE)
def answer(questionnaire_id: int) -> Response | str:
    actor, locale = current_actor(), current_language()
    try:
        with database().unit_of_work() as session:
            shown = questionnaire_to_answer(session, actor, questionnaire_id)
    except OutOfScope:
        abort(404)
    title = KIND[shown.kind].label(locale)
    if not shown.open:
        return render_template("questionnaires/closed.html", questionnaire=shown, title=title,
                               home=home_url(actor.role))
    form = questionnaire_form(shown.kind, shown.side, locale)
    scores, comment = form.scores(), form.comment.data
    done = carry_out(
        form,
        lambda session: answer_questionnaire(session, actor, questionnaire_id, scores, comment),
        done=_("Dank u wel. Uw antwoorden zijn opgeslagen."),
        next_url=home_url(actor.role),
    )
    return done or render_template("questionnaires/answer.html", form=form,
                                   questionnaire=shown, title=title, low=LOWEST, high=HIGHEST)
