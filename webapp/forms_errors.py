"""Putting a use case's :class:`~matcher.errors.BadInput` next to the field it names.

Use cases say ``"<field>: <what is wrong>"``; when ``<field>`` is a field of the form
the message goes under that field, otherwise into the form's general errors, so the
page re-renders with what was typed and one clear message.
"""

from __future__ import annotations

from flask_wtf import FlaskForm

from matcher.errors import BadInput


def attach_error(form: FlaskForm, error: BadInput, aliases: dict[str, str] | None = None) -> None:
    """Show ``error`` on the form field it names (``aliases`` maps domain to form names)."""
    name, _, message = str(error).partition(": ")
    name = (aliases or {}).get(name, name)
    field = form._fields.get(name)
    if field is not None and message:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(str(error))
