"""The form of three statements on a scale of 1 to 5 and an optional comment.

WTForms checks only CSRF; the rules (scale, length, once) live in
:mod:`matcher.contacts.questionnaires`, whose refusals the view puts on their field.
A value that is not one of the numbers is read as missing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField

from matcher.contacts.questions import QUESTIONS, SCALE
from matcher.db.models.contacts import NOTE_LIMIT


class QuestionnaireForm(FlaskForm):
    score_1 = RadioField(validate_choice=False)
    score_2 = RadioField(validate_choice=False)
    score_3 = RadioField(validate_choice=False)
    comment = TextAreaField(
        _l("Wilt u er iets bij zeggen? (niet verplicht)"),
        render_kw={"maxlength": NOTE_LIMIT, "rows": 3},
    )

    def scores(self) -> list[int | None]:
        """The three chosen numbers, ``None`` where nothing (or nonsense) was sent."""
        return [_number(item.data) for item in self.statements()]

    def statements(self) -> list[RadioField]:
        return [self.score_1, self.score_2, self.score_3]


def questionnaire_form(kind: str, side: str, locale: str) -> QuestionnaireForm:
    """The form for ``kind``'s questions to ``side``, labelled in ``locale``."""
    form = QuestionnaireForm()
    for item, question in zip(form.statements(), QUESTIONS[kind][side], strict=True):
        item.label.text = question.label(locale)
        item.choices = [(str(n), str(n)) for n in SCALE]
    return form


def _number(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text in {str(n) for n in SCALE} else None
