"""The public pages: landing page, privacy statement, language switch."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from webapp.public import views  # noqa: E402,F401  (registers the routes on bp)
