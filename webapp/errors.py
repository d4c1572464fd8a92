"""Friendly error pages in Dutch or English; never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from matcher.accounts.permissions import NotPermitted, OutOfScope

MESSAGES = {
    400: (_l("Dit verzoek klopt niet"), _l("Controleer wat u invulde en probeer het opnieuw.")),
    403: (
        _l("Geen toegang"),
        _l("U bent ingelogd, maar deze pagina hoort niet bij uw rol."),
    ),
    404: (
        _l("Pagina niet gevonden"),
        _l("Deze pagina bestaat niet, of u mag haar niet zien."),
    ),
    405: (_l("Dit verzoek klopt niet"), _l("Deze pagina werkt niet op deze manier.")),
    413: (_l("Bestand te groot"), _l("Het bestand is groter dan 5 MB.")),
    429: (
        _l("Even geduld"),
        _l("U heeft dit te vaak geprobeerd. Wacht een paar minuten en probeer het opnieuw."),
    ),
    500: (
        _l("Er ging iets mis"),
        _l(
            "Er ging aan onze kant iets mis. Er is niets half opgeslagen; "
            "probeer het later opnieuw."
        ),
    ),
}
CSRF_MESSAGE = (
    _l("Formulier verlopen"),
    _l(
        "Dit formulier is verlopen of kwam niet van deze site. "
        "Ga terug, laad de pagina opnieuw en probeer het nog eens."
    ),
)


def render_error(status: int, title: str, message: str) -> tuple[str, int]:
    """The error page with ``status``; usable by views that refuse something."""
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the friendly pages for every HTTP error and for unhandled exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> tuple[str, int]:
        title, message = CSRF_MESSAGE
        return render_error(400, str(title), str(message))

    @app.errorhandler(NotPermitted)
    def not_permitted(_error: NotPermitted) -> tuple[str, int]:
        # A use case refused the actor: what a view's own check would have answered.
        title, message = MESSAGES[403]
        return render_error(403, str(title), str(message))

    @app.errorhandler(OutOfScope)
    def out_of_scope(_error: OutOfScope) -> tuple[str, int]:
        # Outside the actor's regions, schools or own records: as if it did not exist.
        title, message = MESSAGES[404]
        return render_error(404, str(title), str(message))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        # Unhandled exceptions arrive here too, as InternalServerError.
        status = error.code or 500
        if status < 400:
            return error
        title, message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
        return render_error(status, str(title), str(message))
