"""Designated contacts, coordinators and admins read a concern and take it through its
steps. A concern outside the visitor's schools or regions — or any concern for a role
that does not handle them — answers 404, never 403, so nobody learns it exists."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission, can
from matcher.safeguarding import lifecycle
from matcher.safeguarding.concerns import ConcernRefused, advance, read_concern
from matcher.safeguarding.lists import concerns_to_handle
from webapp.safeguarding import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.messages import describe
from webapp.shared.widgets import ConfirmForm

# The steps a handler can take, by the word in the URL.
STEPS = {
    "ontvangen": lifecycle.RECEIVED,
    "overgedragen": lifecycle.HANDED_OVER,
    "afsluiten": lifecycle.CLOSED,
}


@bp.get("/zorgen")
@requires(Permission.CONCERNS_AREA)
def handler_list() -> str:
    with database().unit_of_work() as session:
        rows = concerns_to_handle(session, current_actor())
    return render_template("safeguarding/list.html", rows=rows)


@bp.get("/zorgen/<int:concern_id>")
@requires(Permission.SIGNED_IN)
def concern(concern_id: int) -> str:
    actor = current_actor()
    view = database().run_in_transaction(
        lambda session: read_concern(session, actor, concern_id)
    )
    steps = [
        (word, state) for word, state in STEPS.items()
        if lifecycle.may_follow(view.state, state)
        and can(actor, lifecycle.PERMISSION_FOR[state])
    ]
    return render_template("safeguarding/concern.html", concern=view, steps=steps,
                           form=ConfirmForm())


@bp.post("/zorgen/<int:concern_id>/<word>")
@requires(Permission.SIGNED_IN)
def take_step(concern_id: int, word: str) -> Response:
    if word not in STEPS:
        abort(404)
    form = ConfirmForm()
    actor = current_actor()
    if form.validate_on_submit():
        try:
            database().run_in_transaction(
                lambda session: advance(session, actor, concern_id, STEPS[word])
            )
        except ConcernRefused as refused:
            flash(describe(refused), "error")
        else:
            flash(_("Vastgelegd."), "success")
    return redirect(url_for("safeguarding.concern", concern_id=concern_id))
