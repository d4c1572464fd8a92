"""The volunteer's forms for the contact log: a moment, the rhythm and a holiday pause.

WTForms checks only CSRF; every rule lives once in :mod:`matcher.contacts`, whose
refusals the views put on the field they name. Values that are not even a date or
a number are read as missing, so the rules refuse them with their own message.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from matcher.contacts.moments import MomentEntry, MomentLine
from matcher.db.models.contacts import MAX_MINUTES, NOTE_LIMIT
from matcher.shared.clock import today
from matcher.shared.vocabulary import CONTACT_MOODS, CONTACT_TOPICS, CONTACT_WAYS
from webapp.shared.i18n import current_language
from webapp.shared.widgets import CheckboxesField, choices


class MomentForm(FlaskForm):
    happened_on = StringField(_l("Datum"), render_kw={"type": "date"})
    minutes = StringField(
        _l("Minuten"),
        render_kw={"type": "number", "inputmode": "numeric", "min": 1, "max": MAX_MINUTES},
    )
    way = RadioField(_l("Hoe had u contact?"), validate_choice=False, default="video")
    not_reached = BooleanField(_l("Ik kon de leerling niet bereiken"))
    topics = CheckboxesField(_l("Waar ging het over?"), validate_choice=False)
    mood = RadioField(_l("Hoe ging het?"), validate_choice=False, default="good")
    note = TextAreaField(
        _l("Korte notitie voor de coördinator (niet verplicht)"),
        render_kw={"maxlength": NOTE_LIMIT, "rows": 2},
    )

    def localise(self, locale: str) -> None:
        """Fill the choices in the page's language."""
        self.way.choices = choices(CONTACT_WAYS, locale)
        self.topics.choices = choices(CONTACT_TOPICS, locale)
        self.mood.choices = choices(CONTACT_MOODS, locale)

    def entry(self) -> MomentEntry:
        """What was typed, as the use case takes it."""
        return MomentEntry(
            happened_on=_date(self.happened_on.data),
            minutes=_number(self.minutes.data),
            way=str(self.way.data or ""),
            topics=tuple(str(code) for code in self.topics.data or ()),
            mood=str(self.mood.data or ""),
            reached=not self.not_reached.data,
            note=self.note.data,
        )


class PauseForm(FlaskForm):
    starts_on = StringField(_l("Van"), render_kw={"type": "date"})
    ends_on = StringField(_l("Tot en met"), render_kw={"type": "date"})


def moment_form(line: MomentLine | None = None) -> MomentForm:
    """A moment form in the page's language: today's date, or ``line``'s values to correct."""
    form = MomentForm()
    form.localise(current_language())
    if not form.is_submitted():
        if line is None:
            form.happened_on.data = today().isoformat()
        else:
            form.happened_on.data = line.happened_on.isoformat()
            form.minutes.data = str(line.minutes)
            form.way.data, form.mood.data = line.way, line.mood
            form.topics.data = list(line.topics)
            form.not_reached.data = not line.reached
            form.note.data = line.note or ""
    return form


def read_date(text: object) -> date | None:
    """A date typed as ``YYYY-MM-DD`` (what a date input sends), or ``None``."""
    return _date(text)


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


def _number(text: object) -> int | None:
    cleaned = str(text or "").strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 6:
        return None
    return int(cleaned)
