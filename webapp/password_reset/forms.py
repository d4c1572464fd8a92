"""Forms of the password-reset pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.shared.account_forms import EmailAddress


class RequestResetForm(FlaskForm):
    email = StringField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Een e-mailadres is hoogstens 254 tekens.")),
            EmailAddress(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")),
        ],
        render_kw={"autocomplete": "username", "type": "email"},
    )
