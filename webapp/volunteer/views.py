"""Volunteer pages: sign up, confirm the e-mail address, and the volunteer's own area."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts import tokens, users
from matcher.accounts.password_strength import WeakPassword
from matcher.accounts.permissions import Permission
from matcher.shared.errors import BadInput
from matcher.volunteers import own_profile, sign_up_confirmation
from matcher.volunteers.preparation import preparation_of
from matcher.volunteers.sign_up import sign_up_volunteer
from matcher.volunteers.sign_up_rules import problems as problems_in
from webapp.shared.access import current_actor, requires
from webapp.shared.account_forms import NewPasswordForm
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language
from webapp.shared.messages import describe
from webapp.shared.sessions import start_session
from webapp.shared.widgets import AvailabilityForm, ConfirmForm
from webapp.volunteer import bp
from webapp.volunteer.forms import SignUpForm
from webapp.volunteer.profile import pending_view, profile_view
from webapp.volunteer.reading import mark_problems, read_sign_up, read_slots

# What the "check your mail" page may say about the postcode (never about the address).
SIGNED_UP_KEY = "volunteer_signed_up"


@bp.route("/vrijwilliger/aanmelden", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def sign_up() -> Response | str:
    form = SignUpForm()
    form.localise(current_language())
    problems = []
    if request.method == "POST" and form.validate():
        slots, problems = read_slots(form)
        application = read_sign_up(form, slots)
        reasons = problems_in(application)
        if problems:
            reasons.pop("availability", None)
        problems += mark_problems(form, reasons)
        if not problems:
            base_url = current_app.config["PUBLIC_URL"]
            result = database().run_in_transaction(
                lambda db_session: sign_up_volunteer(db_session, application, base_url=base_url)
            )
            session[SIGNED_UP_KEY] = {"in_region": result.in_region}
            return redirect(url_for("volunteer.check_mail"))
    return render_template("volunteer/sign_up.html", form=form, problems=problems)


@bp.route("/vrijwilliger/aanmelden/bijna-klaar")
@requires(Permission.PUBLIC)
def check_mail() -> str:
    outcome = session.get(SIGNED_UP_KEY) or {"in_region": True}
    return render_template("volunteer/check_mail.html", in_region=outcome["in_region"])


@bp.route("/bevestigen/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def confirm(token: str) -> Response | tuple[str, int] | str:
    """The link in the sign-up mail: the sign-up to check and a password to choose.

    GET changes nothing (mail scanners open links); a refused password leaves the
    link usable. Confirming signs the volunteer in with the password just chosen.
    """
    form = NewPasswordForm()
    try:
        with database().unit_of_work() as db_session:
            pending = sign_up_confirmation.pending_sign_up(db_session, token)
        if form.validate_on_submit():
            password = form.password.data
            database().run_in_transaction(
                lambda db_session: sign_up_confirmation.confirm_email(db_session, token, password)
            )
            account = database().run_in_transaction(
                lambda db_session: users.authenticate(db_session, pending.email, password)
            )
            if account is None:  # switched off by an admin in the meantime
                return redirect(url_for("auth.login"))
            signed_in = start_session(account, None)  # a fresh session: flash after it
            flash(
                _("Uw e-mailadres is bevestigd en uw wachtwoord is opgeslagen. Welkom!"),
                "success",
            )
            return signed_in
    except tokens.TokenInvalid:
        return render_template("volunteer/confirm_invalid.html"), 400
    except WeakPassword as weak:
        attach_error(form, weak)
    return render_template(
        "volunteer/confirm.html",
        form=form,
        pending=pending_view(pending, current_language()),
    )


@bp.route("/vrijwilliger")
@requires(Permission.VOLUNTEER_AREA)
def home() -> str:
    actor = current_actor()
    with database().unit_of_work() as db_session:
        view = profile_view(db_session, actor, current_language())
        preparation = preparation_of(own_profile.own_profile(db_session, actor))
    return render_template(
        "volunteer/home.html", profile=view, preparation=preparation, form=ConfirmForm()
    )


@bp.route("/vrijwilliger/beschikbaarheid", methods=["GET", "POST"])
@requires(Permission.VOLUNTEER_AREA)
def availability() -> Response | str:
    actor = current_actor()
    form = AvailabilityForm()
    form.localise(current_language())
    problems = []
    if request.method == "POST" and form.validate():
        slots, problems = read_slots(form)
        if not problems and not slots:
            problems = mark_problems(form, {"availability": "required"})
        if not problems:
            database().run_in_transaction(
                lambda db_session: own_profile.update_availability(db_session, actor, slots)
            )
            flash(_("Uw beschikbaarheid is opgeslagen."), "success")
            return redirect(url_for("volunteer.home"))
    elif request.method == "GET":
        with database().unit_of_work() as db_session:
            current = profile_view(db_session, actor, current_language()).availability
        for row, slot in zip(form.availability, current, strict=False):
            row.form.day.data, row.form.start.data, row.form.end.data = slot.as_fields()
    return render_template("volunteer/availability.html", form=form, problems=problems)


@bp.route("/vrijwilliger/pauzeren", methods=["GET", "POST"])
@requires(Permission.VOLUNTEER_AREA)
def pause() -> Response | str:
    if request.method == "POST":
        return _change(own_profile.pause, _("U staat op pauze: u krijgt geen nieuwe leerlingen."))
    return render_template("volunteer/pause.html", form=ConfirmForm())


@bp.route("/vrijwilliger/hervatten", methods=["POST"])
@requires(Permission.VOLUNTEER_AREA)
def resume() -> Response:
    return _change(own_profile.resume, _("Welkom terug: uw pauze is voorbij."))


@bp.route("/vrijwilliger/stoppen", methods=["GET", "POST"])
@requires(Permission.VOLUNTEER_AREA)
def withdraw() -> Response | str:
    if request.method == "POST":
        return _change(own_profile.withdraw, _("U bent gestopt als vrijwilliger. Dank u wel!"))
    return render_template("volunteer/withdraw.html", form=ConfirmForm())


@bp.route("/vrijwilliger/mijn-gegevens.json")
@requires(Permission.VOLUNTEER_AREA)
def my_data() -> Response:
    with database().unit_of_work() as db_session:
        data = own_profile.export_data(db_session, current_actor())
    response = current_app.json.response(data)
    response.headers["Content-Disposition"] = 'attachment; filename="koppel-mijn-gegevens.json"'
    return response


def _change(use_case, done: str) -> Response:
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Dat lukte niet; probeer het opnieuw."), "error")
        return redirect(url_for("volunteer.home"))
    actor = current_actor()
    try:
        database().run_in_transaction(lambda db_session: use_case(db_session, actor))
    except BadInput as refused:
        flash(describe(refused), "error")
    else:
        flash(done, "success")
    return redirect(url_for("volunteer.home"))
