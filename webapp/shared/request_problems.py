"""Problems from :mod:`matcher.requests.rules` and the CSV import, in the visitor's language
(the school pages and the API).

The Dutch message template is the message id; English comes from the catalogue.
"""

from __future__ import annotations

from flask_babel import gettext

from matcher.requests.csv_import import RowProblem
from matcher.requests.problems import Problem


def problem_text(problem: Problem) -> str:
    """The message of one problem, translated, with its values filled in."""
    return gettext(problem.template, **problem.params)


def as_sentence(text: str) -> str:
    """A field's message written as the volunteer form writes them: a capital, a full stop.

    >>> as_sentence("geef een korte reden")
    'Geef een korte reden.'
    """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


def row_problem_text(found: RowProblem) -> str:
    """A file problem with its row and column, e.g. ``rij 7, kolom "niveau": …``."""
    prefix = found.prefix()
    lead = gettext(prefix, row=found.row, column=found.column) if prefix else ""
    return lead + problem_text(found.problem)
