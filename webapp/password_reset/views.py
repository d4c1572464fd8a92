"""Ask for a reset link (same answer for every address), then set a new password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import password_reset, tokens
from matcher.accounts.password_strength import WeakPassword
from matcher.accounts.permissions import Permission
from webapp.password_reset import bp
from webapp.password_reset.forms import RequestResetForm
from webapp.shared.access import requires
from webapp.shared.account_forms import WEAKNESS_MESSAGES, NewPasswordForm
from webapp.shared.database import database


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def request_reset() -> str:
    form = RequestResetForm()
    if form.validate_on_submit():
        email, base_url = form.email.data, current_app.config["PUBLIC_URL"]
        database().run_in_transaction(
            lambda session: password_reset.request_reset(session, email, base_url=base_url)
        )
        # The same page whether or not the address has an account.
        return render_template("password_reset/sent.html")
    return render_template("password_reset/request.html", form=form)


@bp.route(f"{password_reset.RESET_PATH}<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def choose_password(token: str) -> Response | tuple[str, int] | str:
    form = NewPasswordForm()
    with database().unit_of_work() as session:
        try:
            password_reset.check_link(session, token)
        except tokens.TokenInvalid:
            return render_template("password_reset/invalid.html"), 404
    if form.validate_on_submit():
        password = form.password.data
        try:
            database().run_in_transaction(
                lambda session: password_reset.reset_password(session, token, password)
            )
        except WeakPassword as weak:
            form.password.errors.append(WEAKNESS_MESSAGES[weak.weakness])
        except tokens.TokenInvalid:
            # Used up between showing the form and sending it (another tab).
            return render_template("password_reset/invalid.html"), 404
        else:
            flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "info")
            return redirect(url_for("auth.login"))
    return render_template("password_reset/choose.html", form=form)
