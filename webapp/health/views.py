"""``/healthz`` (the process answers) and ``/readyz`` (the service can work)."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from webapp.health import bp
from webapp.health.checks import NOT_CHECKED, OK, readiness
from webapp.shared.access import requires
from webapp.shared.database import database


@bp.get("/healthz")
@requires(Permission.PUBLIC)
def healthz() -> tuple[Response, int]:
    # Deliberately no database: a supervisor restarts a process that stops answering,
    # and restarting every web process because PostgreSQL is down would help nobody.
    return jsonify(status="ok"), 200


@bp.get("/readyz")
@requires(Permission.PUBLIC)
def readyz() -> tuple[Response, int]:
    checks = readiness(database())
    if all(answer == OK for answer in checks.values()):
        return jsonify(status="ok", checks=checks), 200
    # Checks skipped because an earlier one failed are not named as failing.
    failed = sorted(name for name, answer in checks.items() if answer not in (OK, NOT_CHECKED))
    return jsonify(status="unavailable", failed=failed, checks=checks), 503
