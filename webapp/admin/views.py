"""Admin pages: every region at a glance, coordinators invited, schools registered, the
worker's parked jobs."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from matcher.accounts import invitations
from matcher.accounts.absences import regions_without_coordinator
from matcher.accounts.permissions import OutOfScope, Permission
from matcher.db.models import (
    Pupil,
    Region,
    School,
    VolunteerProfile,
    WorkerHeartbeat,
    user_regions,
)
from matcher.jobs import queue
from matcher.organisation import school_directory
from matcher.shared.clock import today
from webapp.admin import bp
from webapp.admin.forms import InviteCoordinatorForm, SchoolForm
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.widgets import ConfirmForm


@bp.get("/")
@requires(Permission.ADMIN_AREA)
def home() -> str:
    with database().unit_of_work() as session:
        regions = session.execute(
            select(
                Region.id,
                Region.name,
                _count(select(user_regions.c.user_id).where(user_regions.c.region_id == Region.id)),
                _count(select(School.id).where(School.region_id == Region.id)),
                _count(select(VolunteerProfile.id).where(VolunteerProfile.region_id == Region.id)),
                _count(
                    select(Pupil.id)
                    .join(School, Pupil.school_id == School.id)
                    .where(School.region_id == Region.id, Pupil.state == "waiting")
                ),
            ).order_by(Region.name)
        ).all()
        unattended = [r.name for r in regions_without_coordinator(session, today())]
        parked_jobs = len(queue.parked_jobs(session))
    return render_template("admin/home.html", regions=regions, unattended=unattended,
                           parked_jobs=parked_jobs)


def _region_choices(session: Session) -> list[SelectChoice]:
    return [
        SelectChoice(str(r.id), r.name)
        for r in session.scalars(select(Region).order_by(Region.name))
    ]


def _count(query):
    return select(func.count()).select_from(query.correlate(Region).subquery()).scalar_subquery()


@bp.route("/coordinatoren/uitnodigen", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def invite_coordinator() -> Response | str:
    form = InviteCoordinatorForm()
    with database().unit_of_work() as session:
        form.regions.choices = _region_choices(session)
    actor = current_actor()
    done = carry_out(
        form,
        lambda session: invitations.invite_coordinator(
            session,
            actor,
            email=form.email.data,
            display_name=form.display_name.data,
            region_ids=form.regions.data,
            base_url=current_app.config["PUBLIC_URL"],
        ),
        done=_("De uitnodiging is verstuurd."),
        next_url=url_for("admin.home"),
    )
    return done or render_template("admin/invite_coordinator.html", form=form)


@bp.route("/scholen/nieuw", methods=["GET", "POST"])
@requires(Permission.ADMIN_AREA)
def new_school() -> Response | str:
    form = SchoolForm()
    with database().unit_of_work() as session:
        form.region.choices = _region_choices(session)
    actor = current_actor()
    done = carry_out(
        form,
        lambda session: school_directory.create_school(
            session,
            actor,
            name=form.name.data,
            brin=form.brin.data,
            vestiging=form.vestiging.data,
            levels=form.levels.data,
            region_id=form.region.data,
        ),
        done=_("De school is toegevoegd."),
        next_url=url_for("admin.home"),
    )
    return done or render_template("admin/new_school.html", form=form)


# What each kind of job does, in words (the kinds are the worker's pass names).
JOB_NAMES = {
    "matching_run": _l("Koppelronde"),
    "purge_unconfirmed_sign_ups": _l("Onbevestigde aanmeldingen wissen"),
    "purge_retention": _l("Bewaartermijnen toepassen"),
    "warn_expiring_vogs": _l("Waarschuwen voor verlopende VOG's"),
    "expire_unanswered_proposals": _l("Onbeantwoorde voorstellen laten verlopen"),
    "escalate_silent_matches": _l("Leerlingen uit beeld opvolgen"),
    "escalate_concerns": _l("Onbevestigde zorgen doorzetten"),
    "send_due_check_ins": _l("Tussentijdse vragen versturen"),
    "send_weekly_digests": _l("Wekelijks overzicht versturen"),
}


@bp.get("/taken")
@requires(Permission.MANAGE_JOBS)
def jobs() -> str:
    """Jobs that kept failing (parked), and the workers that said they are running."""
    with database().unit_of_work() as session:
        parked = [(job.id, job.kind, job.attempts, job.finished_at, job.last_error)
                  for job in queue.parked_jobs(session)]
        workers = session.execute(
            select(WorkerHeartbeat.hostname, WorkerHeartbeat.pid, WorkerHeartbeat.started_at,
                   WorkerHeartbeat.seen_at).order_by(WorkerHeartbeat.seen_at.desc())
        ).all()
    return render_template("admin/jobs.html", parked=parked, workers=workers,
                           form=ConfirmForm(), job_names=JOB_NAMES)


@bp.post("/taken/<int:job_id>/opnieuw")
@requires(Permission.MANAGE_JOBS)
def retry_job(job_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actor = current_actor()
    try:
        database().run_in_transaction(lambda session: queue.retry_parked(session, actor, job_id))
    except OutOfScope:
        abort(404)
    flash(_("De taak staat weer in de wachtrij."), "success")
    return redirect(url_for("admin.jobs"))
