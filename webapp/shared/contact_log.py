"""A match's contact log as the volunteer's and the coordinator's pages show it, and the
rhythm form both use.

Codes become labels in the page's language; the log itself comes from
:func:`matcher.contacts.moments.moments_of_match`, which checks who may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from matcher.contacts.moments import ContactLog
from matcher.shared.vocabulary import CONTACT_MOOD, CONTACT_TOPIC, CONTACT_WAY, RHYTHM, RHYTHMS
from webapp.shared.i18n import current_language
from webapp.shared.widgets import choices


class RhythmForm(FlaskForm):
    rhythm = SelectField(_l("Hoe vaak is er contact?"), validate_choice=False)


def rhythm_form(current: str | None = None) -> RhythmForm:
    """The rhythm form in the page's language, showing ``current`` unless submitted."""
    form = RhythmForm()
    form.rhythm.choices = choices(RHYTHMS, current_language())
    if current is not None and not form.is_submitted():
        form.rhythm.data = current
    return form


@dataclass(frozen=True)
class ShownMoment:
    """One moment's values as text, plus what a page needs to link or mark it."""

    id: int
    happened_on: date
    minutes: int
    way: str
    topics: str
    mood: str
    mood_code: str
    reached: bool
    note: str
    correctable: bool


@dataclass(frozen=True)
class ShownLog:
    """A match's rhythm, coming holiday pauses and moments, labelled."""

    match_id: int
    rhythm: str
    rhythm_code: str
    pauses: tuple[tuple[date, date], ...]
    moments: tuple[ShownMoment, ...]


def shown(log: ContactLog, locale: str) -> ShownLog:
    """``log`` with every code replaced by its label in ``locale``."""
    return ShownLog(
        log.match_id,
        RHYTHM[log.agreement.rhythm].label(locale),
        log.agreement.rhythm,
        log.agreement.pauses,
        tuple(
            ShownMoment(
                m.id, m.happened_on, m.minutes, CONTACT_WAY[m.way].label(locale),
                ", ".join(CONTACT_TOPIC[t].label(locale) for t in m.topics if t in CONTACT_TOPIC),
                CONTACT_MOOD[m.mood].label(locale), m.mood, m.reached, m.note or "",
                m.correctable,
            )
            for m in log.moments
        ),
    )
