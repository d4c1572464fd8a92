"""Signing in and out, and the second factor for coordinators and admins."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.auth import security_views, views  # noqa: E402,F401  (registers the routes on bp)
