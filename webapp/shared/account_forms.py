"""Form pieces for accounts that several areas use: an e-mail address field's check,
inviting someone, and choosing a new password.

The e-mail check asks :func:`matcher.shared.email_addresses.is_valid`, so a form
refuses exactly what the use case behind it would refuse, with the message at the
field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from matcher.accounts.password_strength import MAX_PASSWORD_LENGTH, Weakness
from matcher.shared import email_addresses

WEAKNESS_MESSAGES = {
    Weakness.TOO_SHORT: _l("Kies een wachtwoord van minstens 12 tekens."),
    Weakness.TOO_LONG: _l("Kies een wachtwoord van hoogstens 256 tekens."),
    Weakness.TOO_COMMON: _l("Dit wachtwoord wordt te vaak gebruikt. Kies een ander."),
}


class EmailAddress:
    """WTForms validator: the field holds an address :mod:`matcher` accepts."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and not email_addresses.is_valid(field.data):
            raise ValidationError(self.message)


class InviteForm(FlaskForm):
    display_name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    email = StringField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul een e-mailadres in.")),
            Length(max=254),
            EmailAddress(_l("Vul een geldig e-mailadres in.")),
        ],
        render_kw={"type": "email", "autocomplete": "off"},
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
