"""The school side: buddy requests per pupil, CSV upload, and the school's own list."""

from flask import Blueprint

bp = Blueprint("school", __name__, url_prefix="/school")

from webapp.school import end_match, mentors, views  # noqa: E402,F401  (register the routes on bp)
