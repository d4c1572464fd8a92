"""Forms of the volunteer pages.

Only CSRF is checked by WTForms here; every field rule lives once in
:mod:`matcher.volunteers.sign_up_rules` and :mod:`matcher.shared.weekly_slots`, and the views put
their reasons on the fields with the messages from :mod:`webapp.volunteer.messages`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from matcher.shared.vocabulary import LANGUAGES, LEVELS, MODES, SUBJECTS
from matcher.volunteers.sign_up_rules import MAX_CAPACITY, MIN_CAPACITY
from webapp.shared.widgets import AvailabilityForm, CheckboxesField, choices


class SignUpForm(AvailabilityForm):
    name = StringField(_l("Naam"), render_kw={"autocomplete": "name"})
    email = StringField(_l("E-mailadres"), render_kw={"autocomplete": "email", "type": "email"})
    phone = StringField(
        _l("Telefoonnummer (niet verplicht)"), render_kw={"autocomplete": "tel", "type": "tel"}
    )
    postcode = StringField(_l("Postcode"), render_kw={"autocomplete": "postal-code"})
    subjects = CheckboxesField(_l("Vakken"), validate_choice=False)
    levels = CheckboxesField(_l("Schoolniveaus"), validate_choice=False)
    languages = CheckboxesField(_l("Talen die u spreekt"), validate_choice=False)
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
    adult = BooleanField(_l("Ik ben 18 jaar of ouder."))
    privacy_consent = BooleanField(_l("Ik heb de privacyverklaring gelezen en ga akkoord."))

    def localise(self, locale: str) -> None:
        """Fill every list of choices in the page's language."""
        super().localise(locale)
        self.subjects.choices = choices(SUBJECTS, locale)
        self.levels.choices = choices(LEVELS, locale)
        self.languages.choices = choices(LANGUAGES, locale)
        self.mode.choices = choices(MODES, locale)
