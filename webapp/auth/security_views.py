"""The account page of coordinators and admins (second factor, recovery codes, a
coordinator's weekly digest), and the admin's second-factor resets."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import digest_preference, recovery_codes, second_factor
from matcher.accounts.permissions import Permission, can
from webapp.auth import bp
from webapp.auth.forms import ConfirmPasswordForm, WeeklyDigestForm
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.widgets import ConfirmForm


@bp.route("/beveiliging", methods=["GET", "POST"])
@requires(Permission.MANAGE_OWN_SECOND_FACTOR)
def security() -> str:
    actor = current_actor()
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        password = form.password.data
        codes = database().run_in_transaction(
            lambda db_session: second_factor.regenerate_recovery_codes(db_session, actor, password)
        )
        if codes is not None:
            return render_template(
                "auth/recovery_codes.html",
                codes=codes,
                next_url=url_for("auth.security"),
                replaced=True,
            )
        form.password.errors = [_("Dit wachtwoord klopt niet.")]
    digest_form = None
    with database().unit_of_work() as db_session:
        left = recovery_codes.remaining(db_session, actor.user_id)
        if can(actor, Permission.MANAGE_OWN_DIGEST):
            wanted = digest_preference.wants_weekly_digest(db_session, actor)
            digest_form = WeeklyDigestForm(formdata=None, weekly_digest=wanted)
    return render_template(
        "auth/security.html", form=form, left=left, digest_form=digest_form
    )


@bp.post("/beveiliging/weekoverzicht")
@requires(Permission.MANAGE_OWN_DIGEST)
def weekly_digest() -> Response:
    actor = current_actor()
    form = WeeklyDigestForm()
    if form.validate_on_submit():
        on = bool(form.weekly_digest.data)
        database().run_in_transaction(
            lambda db_session: digest_preference.set_weekly_digest(db_session, actor, on=on)
        )
        flash(
            _("U krijgt het weekoverzicht elke maandag.")
            if on
            else _("U krijgt het weekoverzicht niet meer."),
            "success",
        )
    return redirect(url_for("auth.security"))


@bp.get("/beveiliging/medewerkers")
@requires(Permission.MANAGE_USERS)
def staff() -> str:
    with database().unit_of_work() as db_session:
        members = second_factor.staff_members(db_session, current_actor())
    return render_template("auth/staff.html", members=members)


@bp.route("/beveiliging/medewerkers/<int:user_id>/tweede-stap", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def reset_second_factor(user_id: int) -> Response | str:
    form = ConfirmForm()
    actor = current_actor()
    # Anyone the admin may not reset raises NotResettable: not found.
    with database().unit_of_work() as db_session:
        member = second_factor.staff_member(db_session, actor, user_id)
    if form.validate_on_submit():
        database().run_in_transaction(
            lambda db_session: second_factor.reset(db_session, actor, user_id)
        )
        flash(
            _(
                "De tweede stap is gewist. Bij de volgende keer inloggen stelt deze "
                "medewerker een nieuwe in."
            ),
            "success",
        )
        return redirect(url_for("auth.staff"))
    return render_template("auth/reset_second_factor.html", form=form, member=member)
