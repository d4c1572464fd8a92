"""Forms of the sign-in pages and of the staff's own account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class SecondFactorForm(FlaskForm):
    code = StringField(
        _l("Code uit uw authenticator-app"),
        validators=[DataRequired(_l("Vul de code van zes cijfers in.")), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        _l("Herstelcode"),
        validators=[DataRequired(_l("Vul een van uw herstelcodes in.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Uw wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class WeeklyDigestForm(FlaskForm):
    """A coordinator's choice for the weekly digest (an unticked box turns it off)."""

    weekly_digest = BooleanField(_l("Stuur mij elke maandagochtend het weekoverzicht"))
