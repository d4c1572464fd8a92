"""Dutch by default, English on request.

Message ids in templates and code are the Dutch text itself; the English catalogue
``webapp/translations/en/LC_MESSAGES/messages.po`` translates them. A choice made with
``?lang=en`` or the header switch is remembered in the session.
"""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel, get_locale

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
SESSION_KEY = "lang"

babel = Babel()


def select_locale() -> str:
    """The language for this request: ``?lang=``, then the session, then Dutch.

    The API keeps no session: its language is ``Accept-Language`` (Dutch unless English
    is preferred)."""
    if request.blueprint == "api":
        return request.accept_languages.best_match(tuple(LANGUAGES)) or DEFAULT_LANGUAGE
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session[SESSION_KEY] = asked
        return asked
    remembered = session.get(SESSION_KEY)
    return remembered if remembered in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    """The language code the current page is rendered in."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with our selector and expose the language list to templates."""
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"languages": LANGUAGES, "current_language": current_language()}
