"""Reading the development sink's folder: one ``.eml`` file per received message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from markupsafe import Markup, escape

NAME_PATTERN = re.compile(r"^[0-9T]+-[0-9a-f]{8}\.eml$")
URL_PATTERN = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class CaughtMail:
    name: str
    to: str
    sender: str
    subject: str
    date: str
    text: str


def list_mails(folder: Path) -> list[CaughtMail]:
    """Every stored message, newest first."""
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME_PATTERN.match(p.name)), reverse=True)
    return [_read(folder / name) for name in names]


def read_mail(folder: Path, name: str) -> CaughtMail | None:
    """The message stored as ``name``, or ``None`` (names are checked, not trusted)."""
    if not NAME_PATTERN.match(name) or not (folder / name).is_file():
        return None
    return _read(folder / name)


def linkify(text: str) -> Markup:
    """``text`` escaped, with its http(s) links made clickable."""
    parts: list[str] = []
    position = 0
    for found in URL_PATTERN.finditer(text):
        parts.append(escape(text[position : found.start()]))
        url = escape(found.group())
        parts.append(Markup('<a href="{0}">{0}</a>').format(url))
        position = found.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _read(path: Path) -> CaughtMail:
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    text_part = message.get_body(preferencelist=("plain",))
    return CaughtMail(
        name=path.name,
        to=str(message.get("To") or message.get("X-Envelope-To") or ""),
        sender=str(message.get("From") or ""),
        subject=str(message.get("Subject") or ""),
        date=str(message.get("Date") or ""),
        text=text_part.get_content() if text_part is not None else "",
    )
