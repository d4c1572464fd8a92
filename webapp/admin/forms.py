"""Forms of the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from matcher.shared.vocabulary import LEVELS
from webapp.shared.account_forms import InviteForm
from webapp.shared.widgets import CheckboxesField


class InviteCoordinatorForm(InviteForm):
    regions = CheckboxesField(
        _l("Regio's"), coerce=int, validators=[DataRequired(_l("Kies minstens één regio."))]
    )


class SchoolForm(FlaskForm):
    name = StringField(
        _l("Naam van de school"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)]
    )
    brin = StringField(
        _l("BRIN-code"),
        validators=[
            DataRequired(_l("Vul de BRIN-code in.")),
            Regexp(r"^\s*[0-9]{2}[A-Za-z]{2}\s*$", message=_l("Twee cijfers en twee letters.")),
        ],
    )
    vestiging = StringField(
        _l("Vestigingsnummer"),
        default="00",
        validators=[Regexp(r"^\s*[0-9]{2}\s*$", message=_l("Twee cijfers, bijvoorbeeld 00."))],
    )
    levels = CheckboxesField(
        _l("Niveaus"),
        choices=[SelectChoice(term.code, term.nl) for term in LEVELS],
        validators=[DataRequired(_l("Kies minstens één niveau."))],
    )
    region = SelectField(_l("Regio"), coerce=int)
