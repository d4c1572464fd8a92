"""The Flask application factory behind :func:`webapp.create_app`.

Kept out of the package ``__init__`` so that importing ``webapp.cli`` (the ``koppel``
entry point) does not import Flask, Flask-WTF and SQLAlchemy: ``koppel match`` would
pay about 0.4 s for a web app it never builds.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask
from flask_wtf import CSRFProtect

from webapp import api, config, errors, rate_limiting, request_log, security
from webapp.shared import access, database, i18n, ids
from webapp.shared.sessions import check_home_endpoints

csrf = CSRFProtect()

# One line per area. Each module exposes ``bp``; ``dev_only`` areas never exist in
# production.
BLUEPRINTS: tuple[tuple[str, bool], ...] = (
    ("webapp.public", False),
    ("webapp.health", False),
    ("webapp.auth", False),
    ("webapp.volunteer", False),
    ("webapp.password_reset", False),
    ("webapp.coordinator", False),
    ("webapp.matches", False),
    ("webapp.school", False),
    ("webapp.mentor", False),
    ("webapp.admin", False),
    ("webapp.invitations", False),
    ("webapp.safeguarding", False),
    ("webapp.questionnaires", False),
    ("webapp.api_keys", False),
    ("webapp.devmail", True),
)


def build_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Koppel web app; refuses unsafe production settings (``ConfigError``)."""
    settings = config.from_environment()
    settings.update(overrides or {})
    production = settings["KOPPEL_ENV"] == "production"
    settings = {**config.security_settings(production), **settings}
    config.check(settings)

    # "webapp", not __name__: the app keeps the package's name (logger, root path).
    app = Flask("webapp")
    app.config.update(settings)
    # First, so that its after_request hook runs last and times the whole request.
    request_log.init_app(app)
    database.init_app(app, app.config.pop("DATABASE", None))
    csrf.init_app(app)
    access.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    rate_limiting.init_app(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["endpoint_exists"] = app.view_functions.__contains__
    ids.init_app(app)
    for module, dev_only in BLUEPRINTS:
        if not (dev_only and production):
            app.register_blueprint(import_module(module).bp)
    # The JSON API registers through flask-smorest, which documents it as it goes.
    api.init_app(app, csrf)
    check_home_endpoints(app)
    return app
