"""Forgotten password: ask for a link by mail, then choose a new password."""

from flask import Blueprint

bp = Blueprint("password_reset", __name__)

from webapp.password_reset import views  # noqa: E402,F401  (registers the routes on bp)
