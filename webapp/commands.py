"""The ``koppel`` commands that need the web app: ``serve``, ``dev`` and ``create-admin``.

``serve`` in production becomes gunicorn with :mod:`webapp.gunicorn_config`; in
development it is the single-process development server. The development servers
print no access line of their own (it would show every path, secret links included):
the app logs one line per request with the route pattern (:mod:`webapp.request_log`).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess  # noqa: S404 - starts our own worker, fixed arguments  # nosec B404
import sys
from pathlib import Path

import click

from matcher.accounts import users
from matcher.accounts.permissions import SECOND_FACTOR_ROLES
from matcher.db import Database
from matcher.shared.errors import BadInput
from webapp import config, create_app
from webapp.demo import DemoLogin, ensure_demo_data
from webapp.devmail.sink import free_port, start_sink
from webapp.request_log import QuietHandler

GUNICORN_CONFIG = "python:webapp.gunicorn_config"
DEV_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@click.command()
@click.option("--host", default=None, help="Address to listen on [127.0.0.1].")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="Port [5000; 8000].")
def serve(host: str | None, port: int | None) -> None:
    """Serve the web app: gunicorn in production (KOPPEL_BIND), else the development server."""
    settings = config.from_environment()
    if settings["KOPPEL_ENV"] == "production":
        # Refuse unsafe settings with one line here, not in every gunicorn worker.
        config.check({**config.security_settings(True), **settings})
        given = host is not None or port is not None
        bind = ["--bind", f"{host or '127.0.0.1'}:{port or 8000}"] if given else []
        # exec: gunicorn's master takes this process's place, so the signals of systemd
        # or Docker (SIGTERM: finish the running requests, then stop) reach it directly.
        argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG, *bind]
        os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell  # nosec B606
    logging.basicConfig(level=logging.INFO, format=DEV_LOG_FORMAT)
    create_app().run(
        host=host or "127.0.0.1", port=port or 5000, debug=False, use_reloader=False,
        request_handler=QuietHandler,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
def dev(host: str, port: int) -> None:
    """Run Koppel locally: migrate, demo data, mail sink, worker and web server."""
    settings = config.from_environment()
    if settings["KOPPEL_ENV"] != "development":
        raise BadInput("KOPPEL_ENV: koppel dev runs only in development; use gunicorn")
    db = Database(settings["DATABASE_URL"])
    db.upgrade()
    logins = ensure_demo_data(db)
    sink = start_sink(Path(settings["DEV_MAILBOX_DIR"]))
    # The web app and the worker read their mail settings from the environment.
    os.environ.update(
        KOPPEL_MAIL_SERVER=sink.hostname, KOPPEL_MAIL_PORT=str(sink.port), KOPPEL_MAIL_USE_TLS="0"
    )
    if not _port_is_free(host, port):
        port = free_port(host)
    url = f"http://{host}:{port}/"
    # Links in mails, rendered by the web app and by the worker's jobs, point here.
    os.environ.setdefault("KOPPEL_PUBLIC_URL", url.rstrip("/"))
    worker = _start_worker()
    app = create_app({"DATABASE": db})
    _print_banner(url, sink.port, logins)
    # A plain kill (SIGTERM) stops the worker and the sink too, as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    logging.basicConfig(level=logging.INFO, format=DEV_LOG_FORMAT)
    try:
        app.run(host=host, port=port, debug=False, use_reloader=False, request_handler=QuietHandler)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        sink.stop()
        db.dispose()


def _start_worker() -> subprocess.Popen[bytes]:
    """Start ``koppel worker`` (outbox mail and scheduled jobs) as a process of its own."""
    command = [sys.executable, "-c", "from webapp.cli import main; main()", "worker"]
    return subprocess.Popen(command)  # noqa: S603 - fixed argv, no shell  # nosec B603


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _print_banner(url: str, smtp_port: int, logins: tuple[DemoLogin, ...]) -> None:
    line = "-" * 72
    click.echo(line)
    click.echo(f"Koppel runs at       {url}")
    click.echo(f"Development mailbox  {url}dev/mailbox   (SMTP sink on 127.0.0.1:{smtp_port})")
    click.echo("Mail worker          running (koppel worker: outbox and scheduled jobs)")
    click.echo("Demo logins (coordinators and admins then enter a code from the TOTP secret):")
    for login in logins:
        click.echo(f"  {login.role:<18} {login.email:<36} {login.password}")
        if login.totp_secret:
            code = users.current_totp_code(login.totp_secret)
            click.echo(f"  {'':<18} TOTP secret {login.totp_secret}  (code now: {code})")
        elif login.role in SECOND_FACTOR_ROLES:
            click.echo(f"  {'':<18} no TOTP secret yet: the first sign-in shows one to enrol")
    click.echo(
        "A fresh code at any time: "
        ".venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\""
    )
    click.echo("Stop with Ctrl+C.")
    click.echo(line)


@click.command("create-admin")
@click.option("--email", required=True, help="E-mail address of the new admin.")
@click.option("--name", default="Beheerder", show_default=True, help="Display name.")
def create_admin(email: str, name: str) -> None:
    """Create the first admin of a fresh install (migrates the database first)."""
    db = Database(config.from_environment()["DATABASE_URL"])
    try:
        db.upgrade()
        try:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        except click.exceptions.Abort:
            # End of input: a script piped nothing, or too little (the password twice).
            raise BadInput("password: none given (type it twice, or pipe two lines)") from None
        admin = db.run_in_transaction(
            lambda session: users.create_admin(session, email, password, display_name=name)
        )
    finally:
        db.dispose()
    click.echo(f"Admin {admin.account.email} created.")
    click.echo(f"TOTP secret for the authenticator app: {admin.totp_secret}")
    click.echo(f"or import: {users.totp_uri(admin.totp_secret, admin.account.email)}")
    click.echo("Recovery codes (each works once; store them offline, they are not shown again):")
    for code in admin.recovery_codes:
        click.echo(f"  {code}")
