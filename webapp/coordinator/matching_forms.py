"""Forms for matching runs and decisions on proposals.

Reasons are checked by the use cases (:func:`matcher.matches.decisions.clean_reason`), whose
refusals the pages show in the visitor's language; the forms only tell the browser
the length limit.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from matcher.matches.decisions import MAX_REASON_LENGTH


class RunForm(FlaskForm):
    """Start a run for one region, or (admins) nationally."""

    region = HiddenField()
    cross_region_online = BooleanField(_l("Ook online koppelingen tussen regio's"))


class DecisionForm(FlaskForm):
    """Approve or reject the ticked proposals; rejecting needs a reason."""

    action = SelectField(
        _l("Besluit"),
        choices=[SelectChoice("approve", _l("Goedkeuren")), SelectChoice("reject", _l("Afwijzen"))],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reden (verplicht bij afwijzen)"), render_kw={"maxlength": MAX_REASON_LENGTH}
    )


class ManualMatchForm(FlaskForm):
    """Make the chosen pair a match; a broken hard rule needs a reason to override it."""

    override_reason = TextAreaField(
        _l("Reden om de regel(s) te negeren"), render_kw={"maxlength": MAX_REASON_LENGTH}
    )
