"""Forms of the password-reset pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from matcher.accounts.password_strength import MAX_PASSWORD_LENGTH, Weakness

WEAKNESS_MESSAGES = {
    Weakness.TOO_SHORT: _l("Kies een wachtwoord van minstens 12 tekens."),
    Weakness.TOO_LONG: _l("Kies een wachtwoord van hoogstens 256 tekens."),
    Weakness.TOO_COMMON: _l("Dit wachtwoord wordt te vaak gebruikt. Kies een ander."),
}


class RequestResetForm(FlaskForm):
    email = StringField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Een e-mailadres is hoogstens 254 tekens.")),
            Regexp(
                r"^[^@\s]+@[^@\s]+$",
                message=_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            ),
        ],
        render_kw={"autocomplete": "username", "type": "email"},
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[
            DataRequired(_l("Kies een nieuw wachtwoord.")),
            Length(max=MAX_PASSWORD_LENGTH, message=WEAKNESS_MESSAGES[Weakness.TOO_LONG]),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Nieuw wachtwoord nogmaals"),
        validators=[
            DataRequired(_l("Typ het nieuwe wachtwoord nog een keer.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
