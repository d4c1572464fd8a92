"""The form for inviting someone: a name and an e-mail address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp


class InviteForm(FlaskForm):
    display_name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    email = StringField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul een e-mailadres in.")),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Vul een geldig e-mailadres in.")),
        ],
        render_kw={"type": "email", "autocomplete": "off"},
    )
