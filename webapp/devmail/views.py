"""The development mailbox: every message the local sink received."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template

from matcher.accounts.permissions import Permission
from webapp.devmail import bp
from webapp.devmail.mailbox import linkify, list_mails, read_mail
from webapp.shared.access import requires


def _folder() -> Path:
    return Path(current_app.config["DEV_MAILBOX_DIR"])


@bp.get("/mailbox")
@requires(Permission.DEV_TOOLS)
def mailbox() -> str:
    return render_template("dev/mailbox.html", mails=list_mails(_folder()))


@bp.get("/mailbox/<name>")
@requires(Permission.DEV_TOOLS)
def mail(name: str) -> str:
    found = read_mail(_folder(), name)
    if found is None:
        abort(404)
    return render_template("dev/mail.html", mail=found, body=linkify(found.text))
