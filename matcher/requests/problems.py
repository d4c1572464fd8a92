"""What is wrong with a buddy request, in words a school can act on.

Messages are Dutch templates with ``%(name)s`` placeholders. The web layer translates
the template (the Dutch text is the message id) and then fills it in, so the rules
themselves stay free of Flask.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from matcher.shared.errors import BadInput


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: which field, and a message template."""

    field: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The Dutch message with its values filled in."""
        return self.template % self.params if self.params else self.template


class Refused(Exception):
    """A field reader's answer when the value cannot be used."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


class InvalidRequest(BadInput):
    """A request broke one or more rules; ``problems`` says which and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.text()}" for p in problems))
        self.problems = tuple(problems)
