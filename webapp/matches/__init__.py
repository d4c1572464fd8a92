"""The volunteer's answer to a proposal, opened from the link in the proposal mail."""

from flask import Blueprint

bp = Blueprint("matches", __name__)

from webapp.matches import views  # noqa: E402,F401  (registers the routes on bp)
