"""Check-ins and exit questions: the respondent, signed in, answers them once."""

from flask import Blueprint

bp = Blueprint("questionnaires", __name__)

from webapp.questionnaires import views  # noqa: E402,F401  (registers the routes on bp)
