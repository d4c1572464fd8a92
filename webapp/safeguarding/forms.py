"""The concern form: only facts, nothing to diagnose, no names of family members.

WTForms checks only CSRF; every rule lives once in :mod:`matcher.safeguarding.concerns`,
whose refusals the view puts on the field they name. The hidden key makes a double
submit store one concern.
"""

from __future__ import annotations

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from matcher.db.models.safeguarding import OBSERVATION_LIMIT, WORDS_LIMIT
from matcher.safeguarding.concerns import ConcernFacts


class ConcernForm(FlaskForm):
    key = HiddenField(default=lambda: secrets.token_urlsafe(24))
    observation = TextAreaField(
        _l("Wat zag of hoorde u?"), render_kw={"maxlength": OBSERVATION_LIMIT, "rows": 5}
    )
    observed_on = StringField(_l("Wanneer was dat?"), render_kw={"type": "date"})
    pupil_words = TextAreaField(
        _l("Vertelde de leerling zelf iets? Schrijf de woorden van de leerling op"),
        description=_l("Niet verplicht."),
        render_kw={"maxlength": WORDS_LIMIT, "rows": 3},
    )
    in_danger = RadioField(
        _l("Is de leerling nu in gevaar?"),
        choices=[SelectChoice("ja", _l("Ja — bel dan eerst 112")), SelectChoice("nee", _l("Nee"))],
        validate_choice=False,
    )

    def facts(self) -> ConcernFacts:
        """What was typed, as the use case takes it; an impossible date reads as missing."""
        return ConcernFacts(
            observation=str(self.observation.data or ""),
            observed_on=_date(self.observed_on.data),
            pupil_words=str(self.pupil_words.data or ""),
            in_danger={"ja": True, "nee": False}.get(str(self.in_danger.data)),
        )


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        return None
