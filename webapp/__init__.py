"""Koppel's web application: Flask app factory, blueprints, forms, templates and mail.

``create_app()`` builds the app from environment variables (see :mod:`webapp.config`);
tests pass a dict of overrides, and may pass ``DATABASE`` (a ready
:class:`matcher.db.Database`). Production runs it under gunicorn:
``gunicorn 'webapp:create_app()'``.

The factory itself lives in :mod:`webapp.app` and is imported on the first call, so
that the ``koppel`` entry point (``webapp.cli``) starts without importing Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Koppel web app; refuses unsafe production settings (``ConfigError``)."""
    from webapp.app import build_app

    return build_app(overrides)
