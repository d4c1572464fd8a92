"""gunicorn's settings for Koppel in production (``koppel serve`` with ``KOPPEL_ENV=production``).

A module of the package rather than a loose file, so the same settings reach every
install (a wheel, the Docker image, a virtualenv under systemd): ``koppel serve``
starts ``gunicorn --config python:webapp.gunicorn_config``. Environment variables:

- ``KOPPEL_BIND``: where to listen (default ``127.0.0.1:8000``; the image sets ``0.0.0.0:8000``).
- ``KOPPEL_WEB_WORKERS``: worker processes (default ``2 × CPUs + 1``, at most 6: each keeps
  up to 15 PostgreSQL connections and PostgreSQL allows 100 by default).
- ``KOPPEL_FORWARDED_ALLOW_IPS``: the reverse proxy's addresses, whose ``X-Forwarded-Proto``
  is believed (default ``127.0.0.1,::1``). Koppel uses no ProxyFix: the scheme comes from
  gunicorn through this setting, the client's address for rate limits from
  ``X-Forwarded-For`` through ``KOPPEL_TRUSTED_PROXIES`` (the number of proxies). Name the
  same proxy in both.
"""

from __future__ import annotations

import os

from webapp.request_log import gunicorn_logconfig

MAX_DEFAULT_WORKERS = 6


def _cpus() -> int:
    # The CPUs this process may use (a container's or a systemd CPUAffinity's share).
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


wsgi_app = "webapp:create_app()"
bind = os.environ.get("KOPPEL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KOPPEL_WEB_WORKERS") or min(2 * _cpus() + 1, MAX_DEFAULT_WORKERS))
worker_class = "sync"
# Matching runs are background jobs of `koppel worker`; every request is short.
timeout = 30
# SIGTERM lets running requests finish for this long (systemd and compose wait longer).
graceful_timeout = 30
keepalive = 5
# A fresh process now and then keeps a slow leak from growing for weeks.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files in memory, not on a disk that may stall (gunicorn
# creates them with mkstemp, so a shared directory is safe).
SHARED_MEMORY = "/dev/shm"  # noqa: S108  # nosec B108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

forwarded_allow_ips = os.environ.get("KOPPEL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Only the header our proxies set; the others gunicorn knows could be spoofed past them.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# gunicorn's own access line would print each path with its secret link or search
# terms; the app logs one line per request with the route pattern instead.
accesslog = None
errorlog = "-"
loglevel = "info"
logconfig_dict = gunicorn_logconfig()
# gunicorn 23+ opens a control socket under $HOME, which the systemd unit keeps
# read-only; nothing here uses gunicornc.
control_socket_disable = True
