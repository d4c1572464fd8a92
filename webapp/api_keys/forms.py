"""The form for a new API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from matcher.accounts import api_tokens


class NewTokenForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[Length(max=200)],
        description=_l("Waarvoor de sleutel is, zoals het leerlingvolgsysteem."),
    )
    scope = SelectField(
        _l("Mag"),
        choices=[SelectChoice(api_tokens.READ, _l("alleen lezen")),
                 SelectChoice(api_tokens.WRITE, _l("lezen en schrijven"))],
        validate_choice=False,
    )
    expires_on = DateField(
        _l("Geldig tot en met"),
        validators=[InputRequired(_l("Kies een datum."))],
        format="%Y-%m-%d",
        description=_l("Hoogstens een jaar vanaf vandaag."),
    )
