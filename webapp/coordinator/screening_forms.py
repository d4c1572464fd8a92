"""Forms of the screening pages: intake, VOG dates, the training, a reason to pause or reject."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from matcher.volunteers.screening import MAX_NOTES_LENGTH, MAX_REASON_LENGTH

_DATE_MESSAGE = _l("Vul een geldige datum in.")


class IntakeForm(FlaskForm):
    held_on = DateField(_l("Datum van het gesprek"), validators=[InputRequired(_DATE_MESSAGE)])
    notes = TextAreaField(
        _l("Korte aantekeningen"),
        validators=[
            Length(max=MAX_NOTES_LENGTH, message=_l("Hoogstens 1000 tekens.")),
        ],
        render_kw={"rows": 4},
    )


class VogRequestForm(FlaskForm):
    requested_on = DateField(_l("VOG aangevraagd op"), validators=[InputRequired(_DATE_MESSAGE)])


class VogIssuedForm(FlaskForm):
    issued_on = DateField(
        _l("Datum van afgifte van de VOG"), validators=[InputRequired(_DATE_MESSAGE)]
    )


class TrainingForm(FlaskForm):
    completed_on = DateField(
        _l("Training afgerond op"), validators=[InputRequired(_DATE_MESSAGE)]
    )


def _reason(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(_l("Geef een reden.")),
            Length(max=MAX_REASON_LENGTH, message=_l("Hoogstens 500 tekens.")),
        ],
        render_kw={"rows": 3},
    )


class PauseForm(FlaskForm):
    reason = _reason(_l("Reden om te pauzeren"))


class RejectForm(FlaskForm):
    reason = _reason(_l("Reden om af te wijzen"))
