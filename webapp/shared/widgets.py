"""Form pieces several areas share: checkbox groups, weekly availability rows, a
button-only confirm form, and the lines of an error summary.

Volunteers and schools describe a week the same way (:class:`AvailabilityForm`), so
both sides of a match are read by the same rules. The matching macros live in
``templates/_widgets.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, SelectMultipleField, StringField
from wtforms import widgets as wtf_widgets
from wtforms.fields.choices import SelectChoice

from matcher.shared.vocabulary import DAYS, Term

SLOT_ROWS = 7


def choices(terms: tuple[Term, ...], locale: str) -> list[SelectChoice]:
    """One choice per term, labelled in ``locale``."""
    return [SelectChoice(term.code, term.label(locale)) for term in terms]


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes.

    Pass ``validate_choice=False`` where the domain rules judge the codes (one
    message per field from the rules rather than WTForms' own).
    """

    widget = wtf_widgets.ListWidget(prefix_label=False)
    option_widget = wtf_widgets.CheckboxInput()


class SlotForm(Form):
    """One availability row: a day and two times."""

    day = SelectField(_l("Dag"), validate_choice=False)
    start = StringField(_l("Van"), render_kw={"inputmode": "numeric", "placeholder": "15:00"})
    end = StringField(_l("Tot"), render_kw={"inputmode": "numeric", "placeholder": "17:00"})


class AvailabilityForm(FlaskForm):
    """Weekly availability as a few day/time rows; empty rows are ignored."""

    availability = FieldList(
        FormField(SlotForm),
        label=_l("Wanneer kunt u helpen?"),
        min_entries=SLOT_ROWS,
        max_entries=SLOT_ROWS,
    )

    def localise(self, locale: str) -> None:
        """Fill the day choices in the page's language."""
        day_choices = [SelectChoice("", str(_l("Kies een dag"))), *choices(DAYS, locale)]
        for row in self.availability:
            row.day.choices = day_choices


class ConfirmForm(FlaskForm):
    """A button and its CSRF token, nothing more (confirm, pause, withdraw, erase)."""


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the field's id (for the link), label and message."""

    field_id: str
    label: str
    text: str
