"""Health checks for load balancers and supervisors: ``/healthz`` and ``/readyz``.

Public, without a session: a probe carries no cookie and gets none. ``/healthz`` says
only that this web process answers (no database); ``/readyz`` says whether the
service can do its work: the database answers, its schema is at the migrations' head,
and a ``koppel worker`` was seen within the last minute.
"""

from flask import Blueprint

bp = Blueprint("health", __name__)

from webapp.health import views  # noqa: E402,F401  (registers the routes on bp)
