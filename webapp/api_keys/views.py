"""Making, listing and revoking one's own API tokens."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import api_tokens
from matcher.accounts.permissions import Permission
from matcher.shared import clock
from matcher.shared.errors import BadInput
from webapp.api_keys import bp
from webapp.api_keys.forms import NewTokenForm
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.widgets import ConfirmForm


@bp.route("/beveiliging/api-sleutels", methods=["GET", "POST"])
@requires(Permission.MANAGE_OWN_API_TOKENS)
def tokens() -> str:
    actor = current_actor()
    form = NewTokenForm()
    issued = None
    if form.validate_on_submit():
        name, scope, until = form.name.data or "", form.scope.data, form.expires_on.data
        try:
            issued = database().run_in_transaction(
                lambda session: api_tokens.issue_token(
                    session, actor, name=name, scope=scope, expires_on=until
                )
            )
        except BadInput as error:
            attach_error(form, error)
        else:
            form = NewTokenForm(formdata=None)
    if form.expires_on.data is None:
        form.expires_on.data = clock.today() + timedelta(days=90)
    with database().unit_of_work() as session:
        listed = api_tokens.list_tokens(session, actor)
    return render_template("api_keys/tokens.html", form=form, tokens=listed, issued=issued,
                           revoke_form=ConfirmForm())


@bp.post("/beveiliging/api-sleutels/<int:token_id>/intrekken")
@requires(Permission.MANAGE_OWN_API_TOKENS)
def revoke(token_id: int) -> Response:
    actor = current_actor()
    if ConfirmForm().validate_on_submit():
        try:
            database().run_in_transaction(
                lambda session: api_tokens.revoke_token(session, actor, token_id)
            )
        except api_tokens.ApiTokenNotFound:
            abort(404)
        flash(_("De sleutel is ingetrokken; hij werkt niet meer."), "success")
    return redirect(url_for("api_keys.tokens"))
