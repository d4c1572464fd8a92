"""``koppel worker``: sends the mail outbox and runs Koppel's jobs from the queue.

One separate process (not a thread in the web server, which would run once per
gunicorn worker). The database is the durable queue, so the worker needs no broker
and behaves the same on SQLite and PostgreSQL; several workers on several machines
may run at once:

* **queued jobs** (a matching run, a scheduled pass) are claimed under a lease
  (:mod:`matcher.jobs.queue`), retried with backoff and parked when they keep failing;
* **scheduled passes** (:data:`JOBS`): each worker offers every pass to the queue once
  per period, and the period is the job's idempotency key (:mod:`matcher.jobs.schedule`),
  so a pass runs once per period however many workers there are;
* **the outbox** is sent by every worker every few seconds; each mail is claimed on
  its own (:mod:`matcher.mail.outbox`), so it needs no job row.

Add a pass to :data:`JOBS`; ``koppel worker --once`` runs each pass directly, once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import click
from flask import Flask
from flask_mail import Mail, Message

from matcher.contacts import check_ins, escalation
from matcher.deletion import retention
from matcher.jobs import heartbeats, queue, schedule
from matcher.mail import outbox
from matcher.matches import answers
from matcher.matching.run_execution import execute_run
from matcher.matching.solve import cores_for_solving
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.reports import weekly_digest
from matcher.safeguarding import escalation as concern_escalation
from matcher.shared import clock
from matcher.volunteers import sign_up, vog_reminders
from webapp.shared.database import database

log = logging.getLogger("koppel.worker")
# A hung SMTP server must not hold the worker (and its lease) for ever.
SMTP_TIMEOUT_SECONDS = 30


HEARTBEAT_EVERY = timedelta(seconds=15)
POLL_SECONDS = 1.0
# A matching run holds its job longer than a pass: a national run takes a while.
LEASES = {"matching_run": timedelta(minutes=15)}


@dataclass(frozen=True)
class Job:
    """A pass the worker runs every ``every``; ``run`` gets the app (inside its context).

    ``queued`` passes go through the job queue, once per period for all workers; the
    outbox is not queued (every worker sends it, mail by mail).
    """

    name: str
    every: timedelta
    run: Callable[[Flask], object]
    queued: bool = True


def send_outbox(app: Flask) -> outbox.DeliveryReport:
    """Send every due mail over SMTP with the app's Flask-Mail settings."""
    return outbox.deliver_due(database(), smtp_sender(app))


def purge_unconfirmed_sign_ups(_app: Flask) -> int:
    """Erase sign-ups whose confirmation link expired unused."""
    return database().run_in_transaction(sign_up.purge_unconfirmed)


def warn_expiring_vogs(app: Flask) -> int:
    """Mail volunteers whose VOG ends within the warning period (once per VOG)."""
    policy = _policy(app)
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
    policy = _policy(app)
    return database().run_in_transaction(
        lambda session: weekly_digest.send_weekly_digests(
            session, clock.now(), base_url=app.config["PUBLIC_URL"], policy=policy
        )
    )


JOBS: tuple[Job, ...] = (
    Job("send_outbox", timedelta(seconds=5), send_outbox, queued=False),
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


Handler = Callable[[dict[str, Any]], object]


def handlers_for(app: Flask, jobs: tuple[Job, ...] = JOBS) -> dict[str, Handler]:
    """What the worker does for each kind of queued job, by kind."""
    found: dict[str, Handler] = {
        job.name: (lambda _payload, job=job: job.run(app)) for job in jobs if job.queued
    }
    found["matching_run"] = lambda payload: execute_run(
        database(), int(payload["run_id"]), policy=_policy(app), processes=cores_for_solving()
    )
    return found


def _policy(app: Flask) -> ScreeningPolicy:
    return app.config.get("SCREENING_POLICY") or ScreeningPolicy.from_env()


class Worker:
    """One ``koppel worker`` process: heartbeat, offer passes, send mail, run jobs."""

    def __init__(self, app: Flask, *, jobs: tuple[Job, ...] = JOBS,
                 handlers: dict[str, Handler] | None = None) -> None:
        self.app, self.jobs = app, jobs
        self.handlers = handlers if handlers is not None else handlers_for(app, jobs)
        self.worker_id = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"
        self.started_at = clock.now()
        self.stopping = threading.Event()
        self._offered: dict[str, datetime] = {}
        self._last_direct: dict[str, float] = {}
        self._last_beat: datetime | None = None

    def tick(self) -> int:
        """One round; returns how many queued jobs it ran."""
        with self.app.app_context():
            now = clock.now()
            if self._last_beat is None or now - self._last_beat >= HEARTBEAT_EVERY:
                database().run_in_transaction(lambda session: heartbeats.beat(
                    session, self.worker_id, hostname=socket.gethostname()[:255],
                    pid=os.getpid(), started_at=self.started_at))
                self._last_beat = now
            for job in self.jobs:
                if job.queued:
                    self._offer(job, now)
                elif time.monotonic() - self._last_direct.get(job.name, -1e9) >= (
                    job.every.total_seconds()
                ):
                    self._last_direct[job.name] = time.monotonic()
                    _guarded(self.app, job)()
            ran = 0
            while not self.stopping.is_set():
                claimed = queue.claim(database(), self.worker_id, leases=LEASES,
                                      kinds=frozenset(self.handlers))
                if claimed is None:
                    break
                self._run(claimed)
                ran += 1
            return ran

    def _offer(self, job: Job, now: datetime) -> None:
        slot = schedule.slot_start(now, job.every)
        if self._offered.get(job.name) == slot:
            return
        database().run_in_transaction(
            lambda session: schedule.offer(session, job.name, job.every, now)
        )
        self._offered[job.name] = slot

    def _run(self, claimed: queue.ClaimedJob) -> None:
        started = time.monotonic()
        try:
            result = self.handlers[claimed.kind](claimed.payload)
        except Exception as exc:  # the job failed; the queue retries it or parks it
            log.exception("job %s (%s) failed", claimed.id, claimed.kind)
            state = queue.fail(database(), claimed, self.worker_id,
                               f"{type(exc).__name__}: {exc}")
            log.info("job %s (%s) is %s", claimed.id, claimed.kind, state)
            return
        queue.complete(database(), claimed, self.worker_id)
        log.info("job %s (%s) done in %.1f s: %s", claimed.id, claimed.kind,
                 time.monotonic() - started, result)

    def run_forever(self) -> None:
        """Rounds until SIGTERM or SIGINT; the job in hand is finished first."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stopping.set())
        while not self.stopping.is_set():
            try:
                self.tick()
            except Exception:  # e.g. the database is unreachable: log, wait, try again
                log.exception("worker round failed")
            self.stopping.wait(POLL_SECONDS)
        with contextlib.suppress(Exception), self.app.app_context():
            database().run_in_transaction(
                lambda session: heartbeats.stopped(session, self.worker_id)
            )


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
    worker = Worker(app)
    click.echo(f"koppel worker {worker.worker_id}: {len(JOBS)} scheduled passes"
               f" ({', '.join(j.name for j in JOBS)}) and queued jobs; Ctrl+C stops")
    worker.run_forever()
