"""A request id for every request, one safe access-log line, and JSON logs in production.

The access line names the **route pattern** (``/koppeling/<token>``), never the path or
the query string: paths carry the secret links from mails and query strings what a
coordinator searched for. Servers' own access logs are off (gunicorn: ``accesslog``
unset in :mod:`webapp.gunicorn_config`; the development server: :class:`QuietHandler`),
so this line is the only one.

Production writes every log record as one JSON object per line on standard error
(stdlib :mod:`logging` with :class:`JsonFormatter`: a dozen lines, no dependency);
development keeps the human-readable lines. Logging is set up by the process, never by
``create_app`` (tests build many apps in one process): gunicorn from
:func:`gunicorn_logconfig`, every other ``koppel`` command with :func:`use_json_logs`
(``webapp.cli``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

from flask import Flask, g, has_request_context, request
from werkzeug.serving import WSGIRequestHandler
from werkzeug.wrappers import Response

HEADER = "X-Request-ID"
# A proxy's or load balancer's id is kept when it is a plain token (UUIDs, hex, ULIDs);
# anything else (spaces, e-mail addresses, control characters, 200 characters) is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
ACCESS_LOGGER = "koppel.access"
# Fields a record may carry besides its message (``extra=``) that the JSON line shows.
FIELDS = ("request_id", "method", "route", "status", "duration_ms")

access_log = logging.getLogger(ACCESS_LOGGER)


def init_app(app: Flask) -> None:
    """Give every request an id and log one line per request on ``koppel.access``."""
    app.before_request(_start)
    app.after_request(_finish)


def request_id() -> str | None:
    """The id of the request being handled, or ``None`` outside a request."""
    return g.get("request_id") if has_request_context() else None


def _start() -> None:
    offered = request.headers.get(HEADER, "")
    g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    g.request_started = perf_counter()


def _finish(response: Response) -> Response:
    # A request refused before _start ran (none today) still gets an id and a line.
    if "request_id" not in g:
        _start()
    response.headers[HEADER] = g.request_id
    route = request.url_rule.rule if request.url_rule else "<no route>"
    duration = round((perf_counter() - g.request_started) * 1000, 1)
    access_log.info(
        "%s %s %s %.1f ms",
        request.method, route, response.status_code, duration,
        extra={"request_id": g.request_id, "method": request.method, "route": route,
               "status": response.status_code, "duration_ms": duration},
    )
    return response


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message and the request's
    fields; the request id of the request being handled when the record has none."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if "request_id" not in line and (current := request_id()):
            line["request_id"] = current
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (not the one at creation)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def use_json_logs() -> None:
    """Make the root logger write JSON lines to standard error at level INFO.

    Plain stream handlers already there (``logging.basicConfig``'s) switch to JSON
    rather than print each line twice; once this has run, the worker's own
    ``basicConfig`` adds nothing. Safe to call more than once.
    """
    root = logging.getLogger()
    plain = [h for h in root.handlers if type(h) in (logging.StreamHandler, StderrHandler)]
    if not plain:
        plain = [StderrHandler()]
        root.addHandler(plain[0])
    for handler in plain:
        handler.setFormatter(JsonFormatter())
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's ``logconfig_dict``: its own lines as JSON too, its access log silent."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": f"{__name__}.StderrHandler", "formatter": "json"}},
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
            # /readyz asks Alembic for the revision: no line per probe.
            "alembic": {"level": "WARNING"},
        },
    }


class QuietHandler(WSGIRequestHandler):
    """The development server without its own access line (it prints the full path)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass
