"""Views anyone may open."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.public import bp
from webapp.public.privacy import sections as privacy_sections
from webapp.security import safe_next
from webapp.shared.access import requires
from webapp.shared.i18n import LANGUAGES, SESSION_KEY
from webapp.shared.sessions import home_url


@bp.get("/")
@requires(Permission.PUBLIC)
def index() -> str:
    # A signed-in person is offered their own area, never the anonymous sign-up.
    own_area = home_url(current_user.account.role) if current_user.is_authenticated else None
    return render_template("public/index.html", own_area=own_area)


@bp.get("/taal/<code>")
@requires(Permission.PUBLIC)
def set_language(code: str) -> Response:
    if code in LANGUAGES:
        session[SESSION_KEY] = code
    return redirect(safe_next(request.args.get("next")) or url_for("public.index"))


@bp.get("/privacy")
@requires(Permission.PUBLIC)
def privacy() -> str:
    return render_template("public/privacy.html", sections=privacy_sections())
