"""The request form as plain values for the rules, and their problems back on the fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field

from matcher.requests import problems
from webapp.school.forms import RequestForm
from webapp.shared.request_problems import as_sentence, problem_text
from webapp.shared.widgets import Problem


def read_request(form: RequestForm) -> dict[str, Any]:
    """What the school filled in, exactly as typed (the rules judge it)."""
    return {
        "reference": form.reference.data or "",
        "school_year": form.school_year.data or "",
        "level": form.level.data or "",
        "subjects": list(form.subjects.data or ()),
        "needs": list(form.needs.data or ()),
        "priority": form.priority.data or "",
        "priority_reason": form.priority_reason.data or "",
        "languages": list(form.languages.data or ()),
        "needs_language": form.needs_language.data or "",
        "availability": [row.form.data for row in form.availability],
        "mode": form.mode.data or "",
        "postcode": form.postcode.data or "",
        "consent": bool(form.consent.data),
        "mentor": form.mentor.data or "",
    }


def mark_problems(form: FlaskForm, problems: Iterable[problems.Problem]) -> list[Problem]:
    """Put each problem on its field and return the lines of the error summary, in the
    order of the form's fields, each written as a sentence.

    An availability problem goes on the day of the row it names ("tijdvak 3").
    """
    order = {name: position for position, name in enumerate(form._fields)}
    found = []
    for problem in sorted(problems, key=lambda p: order.get(p.field, len(order))):
        field = _field(form, problem)
        text = as_sentence(problem_text(problem))
        field.errors = [*field.errors, text]
        found.append(Problem(field.id, str(form[problem.field].label.text), text))
    return found


def _field(form: FlaskForm, problem: problems.Problem) -> Field:
    if problem.field != "availability":
        return form[problem.field]
    rows = form.availability
    number = int(problem.params.get("number", 1))
    return rows[min(max(number, 1), len(rows)) - 1].form.day
