"""The volunteer's answer to a proposal, on the page behind the link in their mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from matcher.matches.decisions import MAX_REASON_LENGTH


class AnswerForm(FlaskForm):
    """The volunteer's answer to a proposal: the pressed button says which."""

    reason = TextAreaField(
        _l("Waarom niet? (optioneel)"), render_kw={"maxlength": MAX_REASON_LENGTH}
    )
