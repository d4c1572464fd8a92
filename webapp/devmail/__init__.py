"""Development mail: a local SMTP sink and a mailbox page to read what Koppel sent.

Registered only when ``KOPPEL_ENV`` is not ``production`` (see ``webapp.app.BLUEPRINTS``).
"""

from flask import Blueprint

bp = Blueprint("devmail", __name__, url_prefix="/dev")

from webapp.devmail import views  # noqa: E402,F401  (registers the routes on bp)
