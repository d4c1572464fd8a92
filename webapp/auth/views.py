"""Sign in with e-mail and password, then (staff only) a TOTP or recovery code; sign out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from matcher.accounts import users
from matcher.accounts.permissions import Permission
from matcher.accounts.second_factor import enrol, use_recovery_code, verify_totp
from webapp.auth import bp
from webapp.auth.forms import LoginForm, RecoveryCodeForm, SecondFactorForm
from webapp.security import safe_next
from webapp.shared.access import SECOND_FACTOR_KEY, current_actor, requires
from webapp.shared.database import database
from webapp.shared.sessions import NEXT_KEY, fresh_session, home_url, start_session

PENDING_ENROLMENT_KEY = "pending_enrolment"


@bp.route("/inloggen", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def login() -> Response | str:
    next_url = safe_next(request.args.get("next"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        email, password = form.email.data, form.password.data
        account = database().run_in_transaction(
            lambda db_session: users.authenticate(db_session, email, password)
        )
        if account is not None:
            return start_session(account, next_url)
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.route("/inloggen/code", methods=["GET", "POST"])
@requires(Permission.ENTER_SECOND_FACTOR)
def second_factor() -> Response | str:
    account = current_user.account
    if current_user.second_factor_passed:
        return redirect(home_url(account.role))
    secret = None
    if not account.has_second_factor:
        secret = session.setdefault(PENDING_ENROLMENT_KEY, users.new_totp_secret())
    form = SecondFactorForm()
    failed = False
    if form.validate_on_submit():
        # The account being signed in acts: its password passed, its second factor not yet.
        actor, code = current_actor(), form.code.data
        if secret:
            codes = database().run_in_transaction(
                lambda db_session: enrol(db_session, actor, secret, code)
            )
            if codes is not None:
                return _show_new_recovery_codes(codes)
        elif database().run_in_transaction(
            lambda db_session: verify_totp(db_session, actor, code)
        ):
            return _second_factor_passed()
        failed = True
    return render_template(
        "auth/second_factor.html",
        form=form,
        failed=failed,
        secret=secret,
        uri=users.totp_uri(secret, account.email) if secret else None,
    )


@bp.route("/inloggen/herstelcode", methods=["GET", "POST"])
@requires(Permission.ENTER_SECOND_FACTOR)
def recovery_code() -> Response | str:
    account = current_user.account
    if current_user.second_factor_passed or not account.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    form = RecoveryCodeForm()
    failed = False
    if form.validate_on_submit():
        actor, code = current_actor(), form.code.data
        left = database().run_in_transaction(
            lambda db_session: use_recovery_code(db_session, actor, code)
        )
        if left is not None:
            flash(
                _(
                    "U bent ingelogd met een herstelcode. Ongebruikte herstelcodes: %(left)s. "
                    "Nieuwe codes maakt u via Beveiliging.",
                    left=left,
                ),
                "info",
            )
            return _second_factor_passed()
        failed = True
    return render_template("auth/recovery_code.html", form=form, failed=failed)


def _second_factor_passed() -> Response:
    session[SECOND_FACTOR_KEY] = current_user.get_id()
    return redirect(session.pop(NEXT_KEY, None) or home_url(current_user.account.role))


def _show_new_recovery_codes(codes: list[str]) -> str:
    """The codes of a fresh enrolment, shown once, with a link to where the user was going."""
    session.pop(PENDING_ENROLMENT_KEY, None)
    session[SECOND_FACTOR_KEY] = current_user.get_id()
    next_url = session.pop(NEXT_KEY, None) or home_url(current_user.account.role)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)


@bp.post("/uitloggen")
@requires(Permission.SIGN_OUT)
def logout() -> Response:
    actor = current_actor()
    database().run_in_transaction(lambda db_session: users.end_all_sessions(db_session, actor))
    logout_user()
    fresh_session()
    flash(_("U bent uitgelogd, op al uw apparaten."), "info")
    return redirect(url_for("public.index"))
