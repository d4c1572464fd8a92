"""Errors in domain words, shared by the use cases and the commands."""

from __future__ import annotations

from typing import ClassVar


class BadInput(Exception):
    """Input a user gave is wrong; the message names the field and is safe to show.

    Commands print it as one line and exit with status 2.
    """


class RuleViolation(BadInput):
    """A use case refused a value: the field, a stable code and the values behind it.

    ``str()`` stays an English one-liner (``"reason: at most 500 characters"``) for
    commands and logs; web pages show their own text for :attr:`code` in the
    visitor's language, filled in with :attr:`params`. Each subclass lists its
    codes with their English wording in ``TEXTS``, so the codes a page must be able
    to say are known without running every use case.
    """

    TEXTS: ClassVar[dict[str, str]] = {}

    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(f"{field}: {self.TEXTS[code].format(**params)}")
        self.field = field
        self.code = code
        self.params = params

