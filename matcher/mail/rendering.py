"""Mail texts: bilingual (Dutch first, then English) plain-text mails from templates.

Each mail is one Jinja2 file in ``matcher/mail/templates/<name>.txt`` that extends
``_layout.txt`` and fills four blocks: ``subject_nl``, ``subject_en``, ``nl`` and
``en``. The layout puts Dutch first because most readers are Dutch, and English
below it for those who are not. No Flask here: the worker and the commands render
mails as well as the web app. Links are absolute URLs the caller builds with
:func:`link` from the configured public address (``KOPPEL_PUBLIC_URL``).

>>> mail = render("already_registered", to="a@example.org", sign_in_url="https://k.example/inloggen")
>>> mail.subject
'U hebt al een account bij Koppel / You already have a Koppel account'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateNotFound


@dataclass(frozen=True)
class Mail:
    """A rendered message to one recipient, ready for :func:`matcher.mail.outbox.enqueue`."""

    to: str
    subject: str
    body_text: str


class UnknownMail(LookupError):
    """No template exists for the requested mail."""


def render(name: str, /, *, to: str, **context: Any) -> Mail:
    """Render the mail ``name`` for ``to`` with ``context`` (every variable is required).

    A variable the template uses but ``context`` lacks raises, so a mail can never go
    out with a hole where a link should be.
    """
    if name.startswith("_") or "/" in name:
        raise UnknownMail(name)
    try:
        template = _environment().get_template(f"{name}.txt")
    except TemplateNotFound as exc:
        raise UnknownMail(name) from exc
    variables = {"to": to, **context}
    subject_nl = _block(template, "subject_nl", variables)
    subject_en = _block(template, "subject_en", variables)
    body = template.render(variables).strip() + "\n"
    return Mail(to=to, subject=f"{subject_nl} / {subject_en}", body_text=body)


def link(base_url: str, path: str) -> str:
    """An absolute link for a mail: ``base_url`` (scheme and host) joined with ``path``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _block(template: Any, name: str, variables: dict[str, Any]) -> str:
    context = template.new_context(variables)
    return " ".join("".join(template.blocks[name](context)).split())


@cache
def _environment() -> Environment:
    # Plain text, so no HTML escaping; StrictUndefined turns a missing link into an error.
    return Environment(
        loader=PackageLoader("matcher.mail", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - text/plain mails, never HTML  # nosec B701
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
