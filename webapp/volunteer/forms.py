"""Forms of the volunteer pages.

Only CSRF is checked by WTForms here; every field rule lives once in
:mod:`matcher.sign_up_rules` and :mod:`matcher.weekly_slots`, and the views put
their reasons on the fields with the messages from :mod:`webapp.volunteer.messages`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice

from matcher.sign_up_rules import MAX_CAPACITY, MIN_CAPACITY
from matcher.vocabulary import DAYS, LANGUAGES, LEVELS, MODES, SUBJECTS, Term

SLOT_ROWS = 7


def choices(terms: tuple[Term, ...], locale: str) -> list[SelectChoice]:
    """One choice per term, labelled in ``locale``."""
    return [SelectChoice(term.code, term.label(locale)) for term in terms]


class CheckboxesField(SelectMultipleField):
    """Several checkboxes in a list; unknown codes are reported by the rules, not here."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: object) -> None:
        """Leave choice checks to :mod:`matcher.sign_up_rules` (one message per field)."""


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


class SignUpForm(AvailabilityForm):
    name = StringField(_l("Naam"), render_kw={"autocomplete": "name"})
    email = StringField(_l("E-mailadres"), render_kw={"autocomplete": "email", "type": "email"})
    phone = StringField(
        _l("Telefoonnummer (niet verplicht)"), render_kw={"autocomplete": "tel", "type": "tel"}
    )
    postcode = StringField(_l("Postcode"), render_kw={"autocomplete": "postal-code"})
    subjects = CheckboxesField(_l("Vakken"))
    levels = CheckboxesField(_l("Schoolniveaus"))
    languages = CheckboxesField(_l("Talen die u spreekt"))
    mode = RadioField(_l("Hoe wilt u helpen?"), validate_choice=False, default="online")
    max_distance_km = StringField(
        _l("Hoe ver wilt u hoogstens reizen? (km)"), render_kw={"inputmode": "numeric"}
    )
    capacity = RadioField(
        _l("Hoeveel leerlingen kunt u tegelijk helpen?"),
        choices=[SelectChoice(str(n)) for n in range(MIN_CAPACITY, MAX_CAPACITY + 1)],
        validate_choice=False,
        default="1",
    )
    motivation = TextAreaField(_l("Waarom wilt u helpen?"), render_kw={"rows": 4})
    password = PasswordField(_l("Wachtwoord"), render_kw={"autocomplete": "new-password"})
    adult = BooleanField(_l("Ik ben 18 jaar of ouder."))
    privacy_consent = BooleanField(_l("Ik heb de privacyverklaring gelezen en ga akkoord."))

    def localise(self, locale: str) -> None:
        """Fill every list of choices in the page's language."""
        super().localise(locale)
        self.subjects.choices = choices(SUBJECTS, locale)
        self.levels.choices = choices(LEVELS, locale)
        self.languages.choices = choices(LANGUAGES, locale)
        self.mode.choices = choices(MODES, locale)


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for buttons that act (confirm, pause, withdraw)."""
