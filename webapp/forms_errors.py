"""Putting a use case's refusal next to the field it names, in the page's language.

A :class:`~matcher.shared.errors.RuleViolation` names its field; when that is a field of
the form the message goes under it, otherwise into the form's general errors, so
the page re-renders with what was typed and one clear message. The text comes
from :mod:`webapp.messages`, never from the exception's English wording.
"""

from __future__ import annotations

from flask_wtf import FlaskForm

from matcher.shared.errors import BadInput, RuleViolation
from webapp import messages


def attach_error(form: FlaskForm, error: BadInput, aliases: dict[str, str] | None = None) -> None:
    """Show ``error`` on the form field it names (``aliases`` maps domain to form names)."""
    message = messages.describe(error)
    name = error.field if isinstance(error, RuleViolation) else ""
    field = form._fields.get((aliases or {}).get(name, name))
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
