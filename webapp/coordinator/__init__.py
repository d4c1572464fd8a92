"""The regional coordinator's workspace, all under ``/coordinator``.

One blueprint, several view modules; each module registers its routes on ``bp`` and
is imported here with one line (matching runs and proposals; screening, dashboard
and lists).
"""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
