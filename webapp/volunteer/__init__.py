"""The volunteer side: sign-up with e-mail confirmation, and the volunteer's own pages."""

from flask import Blueprint

bp = Blueprint("volunteer", __name__)

from webapp.volunteer import (  # noqa: E402,F401  (routes on bp)
    contacts,
    end_match,
    erasure,
    preparation,
    views,
)
