"""The form that ends a match: the same for the volunteer, the school and the coordinator."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from matcher.end_reasons import END_REASON

MAX_NOTE_LENGTH = 500


class EndMatchForm(FlaskForm):
    """Why the match ends (a code) and, if wanted, a short note for the coordinator."""

    reason_code = SelectField(
        _l("Waarom stopt de koppeling?"),
        validators=[DataRequired(), AnyOf(list(END_REASON))],
    )
    note = TextAreaField(
        _l("Toelichting voor de coördinator (optioneel)"),
        validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
    )

    def localise(self, locale: str) -> None:
        """Show the reasons in the page's language."""
        self.reason_code.choices = [("", "—")] + [
            (code, term.label(locale)) for code, term in END_REASON.items()
        ]
