"""The volunteer raises a concern about the pupil of their match, and follows its state."""

from __future__ import annotations

from flask import current_app, render_template
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.safeguarding.concerns import match_to_raise_about, raise_concern
from matcher.safeguarding.lists import my_concerns
from matcher.shared.errors import BadInput
from webapp.safeguarding import bp
from webapp.safeguarding.forms import ConcernForm
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error


@bp.route("/vrijwilliger/koppelingen/<int:match_id>/zorg", methods=["GET", "POST"])
@requires(Permission.RAISE_CONCERN)
def raise_form(match_id: int) -> Response | str:
    form = ConcernForm()
    actor = current_actor()
    if form.validate_on_submit():
        facts = form.facts()
        try:
            database().run_in_transaction(
                lambda session: raise_concern(
                    session, actor, match_id, facts, key=str(form.key.data or ""),
                    base_url=current_app.config["PUBLIC_URL"],
                )
            )
        except BadInput as error:
            attach_error(form, error)
        else:
            # Shown on the answer to the POST, so "in danger" reaches the volunteer at once.
            return render_template("safeguarding/raised.html", in_danger=facts.in_danger)
    else:
        with database().unit_of_work() as session:
            match_to_raise_about(session, actor, match_id)
    return render_template("safeguarding/raise.html", form=form, match_id=match_id)


@bp.get("/vrijwilliger/zorgen")
@requires(Permission.RAISE_CONCERN)
def my_list() -> str:
    with database().unit_of_work() as session:
        rows = my_concerns(session, current_actor())
    return render_template("safeguarding/mine.html", rows=rows)

