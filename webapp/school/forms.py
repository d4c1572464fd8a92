"""Forms of the school pages.

Only CSRF is checked by WTForms; every rule lives once in :mod:`matcher.requests.rules`
(shared with the CSV import), and the views put its problems on the fields. The
checkbox groups and availability rows are the shared ones of :mod:`webapp.shared.widgets`,
so both sides of a match describe their week the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, FormField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from matcher.organisation.school_people import Colleague
from matcher.requests.rules import MAX_REASON_LENGTH, MAX_REFERENCE_LENGTH
from matcher.shared.vocabulary import LANGUAGES, LEVELS, MODES, NEEDS, PRIORITIES, SUBJECTS
from webapp.shared.widgets import SLOT_ROWS, AvailabilityForm, CheckboxesField, SlotForm, choices


class RequestForm(AvailabilityForm):
    """One pupil's buddy request: no name, no date of birth, no notes about the child."""

    reference = StringField(
        _l("Referentie"), render_kw={"autocomplete": "off", "maxlength": MAX_REFERENCE_LENGTH}
    )
    school_year = SelectField(_l("Leerjaar"), validate_choice=False)
    level = SelectField(_l("Niveau"), validate_choice=False)
    subjects = CheckboxesField(_l("Vakken waarbij de leerling hulp zoekt"), validate_choice=False)
    needs = CheckboxesField(_l("Waarom zoekt de school een maatje?"), validate_choice=False)
    priority = RadioField(_l("Urgentie"), validate_choice=False, default="")
    priority_reason = StringField(
        _l("Reden voor een andere urgentie"),
        render_kw={"autocomplete": "off", "maxlength": MAX_REASON_LENGTH},
    )
    languages = CheckboxesField(_l("Talen die de leerling spreekt"), validate_choice=False)
    needs_language = SelectField(_l("Taal die het maatje moet spreken"), validate_choice=False)
    availability = FieldList(
        FormField(SlotForm),
        label=_l("Wanneer kan de leerling?"),
        min_entries=SLOT_ROWS,
        max_entries=SLOT_ROWS,
    )
    mode = RadioField(_l("Hoe wil de leerling begeleid worden?"), validate_choice=False)
    postcode = StringField(
        _l("Postcode van de leerling"),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "maxlength": 7},
    )
    consent = BooleanField(_l("Toestemming van leerling en ouders"))
    mentor = SelectField(_l("Mentor"), validate_choice=False)

    def localise(self, locale: str, school_levels: list[str]) -> None:
        """Fill every list of choices in the page's language; levels are the school's own."""
        super().localise(locale)
        offered = [term for term in LEVELS if term.code in school_levels] or list(LEVELS)
        self.school_year.choices = [
            SelectChoice("", str(_l("Kies een leerjaar"))),
            *(SelectChoice(str(year)) for year in range(1, 7)),
        ]
        self.level.choices = [
            SelectChoice("", str(_l("Kies een niveau"))),
            *choices(tuple(offered), locale),
        ]
        self.subjects.choices = choices(SUBJECTS, locale)
        self.needs.choices = choices(NEEDS, locale)
        self.priority.choices = [
            SelectChoice("", str(_l("Het voorstel van Koppel (aanbevolen)"))),
            *choices(PRIORITIES, locale),
        ]
        self.languages.choices = choices(LANGUAGES, locale)
        self.needs_language.choices = [
            SelectChoice("", str(_l("Geen eis"))),
            *choices(LANGUAGES, locale),
        ]
        self.mode.choices = choices(MODES, locale)



class MentorForm(FlaskForm):
    """Another mentor for a request."""

    mentor = SelectField(_l("Mentor"), validate_choice=False)


def offer_mentors(field: SelectField, colleagues: Sequence[Colleague], chosen: str) -> None:
    """The school's mentors and contacts to choose from, ``chosen`` (an e-mail address)
    selected until the visitor chooses someone else."""
    field.choices = [SelectChoice(c.email, f"{c.name} ({c.email})") for c in colleagues]
    if not field.data:
        field.data = chosen


class UploadForm(FlaskForm):
    """A CSV file with many pupils."""

    file = FileField(_l("CSV-bestand"), render_kw={"accept": ".csv,text/csv"})
