"""Putting a use case's refusal next to the field it names, in the page's language.

A :class:`~matcher.shared.errors.RuleViolation` names its field; when that is a field of
the form the message goes under it, otherwise into the form's general errors, so
the page re-renders with what was typed and one clear message. The text comes
from :mod:`webapp.shared.messages`, never from the exception's English wording.

:func:`carry_out` is the usual course of a form page around it: a valid form runs the
use case in one transaction, then a message and a redirect; a refusal keeps the
visitor on the form and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from matcher.shared.errors import BadInput, RuleViolation
from webapp.shared import messages
from webapp.shared.database import database


def attach_error(form: FlaskForm, error: BadInput, aliases: dict[str, str] | None = None) -> None:
    """Show ``error`` on the form field it names (``aliases`` maps domain to form names)."""
    message = messages.describe(error)
    name = error.field if isinstance(error, RuleViolation) else ""
    field = form._fields.get((aliases or {}).get(name, name))
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def carry_out(
    form: FlaskForm,
    use_case: Callable[[Session], object],
    *,
    done: str,
    next_url: str,
    aliases: dict[str, str] | None = None,
) -> Response | None:
    """Run ``use_case(session)`` when ``form`` was submitted valid; then flash ``done`` and
    redirect.

    The use case runs in ``database().run_in_transaction``, which commits what it
    changed (and may run it twice, see there). ``None`` when the form was not
    submitted, is invalid, or the use case refused with :class:`BadInput` (attached to
    the field it names, nothing written): the caller renders the form again. Other
    errors (not permitted, out of scope) pass through to the caller.
    """
    if not form.validate_on_submit():
        return None
    try:
        database().run_in_transaction(use_case)
    except BadInput as error:
        attach_error(form, error, aliases)
        return None
    flash(done, "success")
    return redirect(next_url)
