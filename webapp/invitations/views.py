"""The invite link's page: GET shows the password form, POST activates the account.

GET never changes anything (mail scanners open links); the token is only used when
the invitee submits the form with an acceptable password.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import invitations, tokens
from matcher.accounts.password_strength import WeakPassword
from matcher.accounts.permissions import Permission
from webapp.invitations import bp
from webapp.shared.access import requires
from webapp.shared.account_forms import NewPasswordForm
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def accept(token: str) -> Response | tuple[str, int] | str:
    form = NewPasswordForm()
    with database().unit_of_work() as session:
        try:
            user = invitations.invited_user(session, token)
        except tokens.TokenInvalid:
            return render_template("invitations/invalid.html"), 404
        name, email = user.display_name, user.email
    if form.validate_on_submit():
        password = form.password.data
        try:
            database().run_in_transaction(
                lambda session: invitations.accept_invitation(session, token, password)
            )
        except WeakPassword as weak:
            attach_error(form, weak)
        except tokens.TokenInvalid:
            return render_template("invitations/invalid.html"), 404
        else:
            flash(_("Uw account is actief. U kunt nu inloggen."), "success")
            return redirect(url_for("auth.login"))
    return render_template("invitations/accept.html", form=form, name=name, email=email)
