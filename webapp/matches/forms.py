"""The form that ends a match: the same for the volunteer, the school and the coordinator.

The reason code and the note are checked by :func:`matcher.matches.answers.end_match`,
whose refusals the page shows next to the field in the visitor's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from matcher.matches.decisions import MAX_REASON_LENGTH
from matcher.matches.end_reasons import END_REASON


class EndMatchForm(FlaskForm):
    """Why the match ends (a code) and, if wanted, a short note for the coordinator."""

    reason_code = SelectField(_l("Waarom stopt de koppeling?"), validate_choice=False)
    note = TextAreaField(
        _l("Toelichting voor de coördinator (optioneel)"),
        render_kw={"maxlength": MAX_REASON_LENGTH},
    )

    def localise(self, locale: str) -> None:
        """Show the reasons in the page's language."""
        self.reason_code.choices = [("", "—")] + [
            (code, term.label(locale)) for code, term in END_REASON.items()
        ]
