"""``koppel worker``: sends the mail outbox and runs Koppel's scheduled jobs.

One separate process (not a thread in the web server, which would run once per
gunicorn worker). The outbox in the database is the durable queue, so the worker
needs no broker and behaves the same on SQLite and PostgreSQL; several workers may
run at once because each mail is claimed atomically (see :mod:`matcher.mail.outbox`).

APScheduler 3 (in-process, no broker) calls each entry of :data:`JOBS` at its
interval; add a job there (VOG-expiry warnings, acceptance expiry, retention) and
both ``koppel worker`` and ``koppel worker --once`` pick it up.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from flask_mail import Mail, Message

from matcher.contacts import check_ins, escalation
from matcher.deletion import retention
from matcher.mail import outbox
from matcher.matches import answers
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.reports import weekly_digest
from matcher.safeguarding import escalation as concern_escalation
from matcher.shared import clock
from matcher.volunteers import sign_up, vog_reminders
from webapp.shared.database import database

log = logging.getLogger("koppel.worker")
# A hung SMTP server must not hold the worker (and its lease) for ever.
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Job:
    """A task the worker runs every ``every``; ``run`` gets the app (inside its context)."""

    name: str
    every: timedelta
    run: Callable[[Flask], object]


def send_outbox(app: Flask) -> outbox.DeliveryReport:
    """Send every due mail over SMTP with the app's Flask-Mail settings."""
    return outbox.deliver_due(database(), smtp_sender(app))


def purge_unconfirmed_sign_ups(_app: Flask) -> int:
    """Erase sign-ups whose confirmation link expired unused."""
    return database().run_in_transaction(sign_up.purge_unconfirmed)


def warn_expiring_vogs(app: Flask) -> int:
    """Mail volunteers whose VOG ends within the warning period (once per VOG)."""
    policy = app.config.get("SCREENING_POLICY") or ScreeningPolicy.from_env()
    return database().run_in_transaction(
        lambda session: vog_reminders.warn_expiring_vogs(session, policy)
    )


def expire_unanswered_proposals(app: Flask) -> int:
    """Expire approved proposals the volunteer did not answer within ``ANSWER_DAYS``."""
    answer_days = int(app.config.get("ANSWER_DAYS", 7))
    expired = database().run_in_transaction(
        lambda session: answers.expire_unanswered(session, answer_days=answer_days)
    )
    return len(expired)


def escalate_silent_matches(app: Flask) -> int:
    """Take the due escalation steps for pupils out of sight (each step once per episode)."""
    return database().run_in_transaction(
        lambda session: escalation.escalate_silent_matches(
            session, clock.now(), base_url=app.config["PUBLIC_URL"]
        )
    )


def escalate_concerns(app: Flask) -> int:
    """Tell the region's coordinators and the admins about concerns nobody acknowledged
    within 24 hours (each concern once, also with two workers)."""
    return database().run_in_transaction(
        lambda session: concern_escalation.escalate_unacknowledged(
            session, clock.now(), base_url=app.config["PUBLIC_URL"]
        )
    )


def send_due_check_ins(app: Flask) -> int:
    """Put the check-in questions to both sides of pairs 4 and 12 weeks in (each once)."""
    return database().run_in_transaction(
        lambda session: check_ins.send_due_check_ins(
            session, clock.now(), base_url=app.config["PUBLIC_URL"]
        )
    )


def send_weekly_digests(app: Flask) -> int:
    """From Monday 07:00 Dutch time, each coordinator's weekly digest (once per week)."""
    policy = app.config.get("SCREENING_POLICY") or ScreeningPolicy.from_env()
    return database().run_in_transaction(
        lambda session: weekly_digest.send_weekly_digests(
            session, clock.now(), base_url=app.config["PUBLIC_URL"], policy=policy
        )
    )


JOBS: tuple[Job, ...] = (
    Job("send_outbox", timedelta(seconds=5), send_outbox),
    Job("purge_unconfirmed_sign_ups", timedelta(hours=1), purge_unconfirmed_sign_ups),
    Job("purge_retention", timedelta(hours=6), lambda _app: retention.purge(database())),
    Job("warn_expiring_vogs", timedelta(hours=12), warn_expiring_vogs),
    Job("expire_unanswered_proposals", timedelta(hours=1), expire_unanswered_proposals),
    Job("escalate_silent_matches", timedelta(hours=1), escalate_silent_matches),
    Job("escalate_concerns", timedelta(minutes=15), escalate_concerns),
    Job("send_due_check_ins", timedelta(hours=1), send_due_check_ins),
    Job("send_weekly_digests", timedelta(minutes=15), send_weekly_digests),
)


def smtp_sender(app: Flask) -> Callable[[outbox.Outgoing], None]:
    """A function that sends one outbox mail through the app's SMTP server."""
    # Flask-Mail suppresses sending when TESTING is on unless told otherwise; the
    # worker exists to send, so only an explicit MAIL_SUPPRESS_SEND stops it.
    app.config.setdefault("MAIL_SUPPRESS_SEND", False)
    mail = app.extensions.get("mail") or Mail(app)

    def send(outgoing: outbox.Outgoing) -> None:
        message = Message(
            subject=outgoing.subject,
            recipients=[outgoing.to],
            body=outgoing.body_text,
            sender=app.config["MAIL_DEFAULT_SENDER"],
        )
        # The id stored with the row, so a resend after a crash is recognisably the same.
        message.msgId = outgoing.message_id
        with app.app_context():
            mail.send(message)

    return send


def run_once(app: Flask, jobs: tuple[Job, ...] = JOBS) -> dict[str, object]:
    """Run every job once, in order; returns each job's result by name."""
    results: dict[str, object] = {}
    with app.app_context():
        for job in jobs:
            results[job.name] = job.run(app)
    return results


def scheduler_for(app: Flask, jobs: tuple[Job, ...] = JOBS) -> BlockingScheduler:
    """An APScheduler that runs each job at its interval, first right away.

    ``max_instances=1`` keeps a slow SMTP pass from overlapping the next one, and
    ``coalesce`` runs a job once after a pause instead of catching up every miss.
    """
    scheduler = BlockingScheduler(timezone="UTC")
    for job in jobs:
        scheduler.add_job(
            _guarded(app, job),
            "interval",
            seconds=job.every.total_seconds(),
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
    return scheduler


def _guarded(app: Flask, job: Job) -> Callable[[], None]:
    def run() -> None:
        try:
            with app.app_context():
                result = job.run(app)
        except Exception:  # one failing pass must not stop the worker; it runs again soon
            log.exception("job %s failed", job.name)
            return
        log.info("job %s: %s", job.name, result)

    return run


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron or a check).")
def worker_command(once: bool) -> None:
    """Send queued mail and run scheduled jobs (purging expired sign-ups, ...)."""
    from webapp import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    socket.setdefaulttimeout(SMTP_TIMEOUT_SECONDS)
    app = create_app()
    if once:
        for name, result in run_once(app).items():
            click.echo(f"{name}: {result}")
        return
    click.echo(f"koppel worker: {len(JOBS)} jobs ({', '.join(j.name for j in JOBS)}); Ctrl+C stops")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler_for(app).start()
