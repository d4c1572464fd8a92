"""The school's following of its pupils: a mentor's list of pupils and a pupil's progress."""

from flask import Blueprint

bp = Blueprint("mentor", __name__, url_prefix="/mentor")

from webapp.mentor import end_match, views  # noqa: E402,F401  (register the routes on bp)
