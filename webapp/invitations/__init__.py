"""Accepting an invitation: the link from the mail opens a form that sets a password."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)

from webapp.invitations import views  # noqa: E402,F401  (registers the routes on bp)
