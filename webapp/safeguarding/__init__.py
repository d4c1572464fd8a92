"""Concerns about a pupil: the volunteer's form and list, and the pages where the
school's designated contacts and the region's coordinators read and handle them."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__)

from webapp.safeguarding import handling, raising  # noqa: E402,F401  (routes on bp)
