"""School pages: the list of requests, one request, the form, the CSV upload, withdrawing.

Every page is for school contacts (``SCHOOL_AREA``); a school or request outside the
contact's own schools is *not found* (404), whatever its id.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission, Scope
from matcher.contacts.questionnaires import open_questionnaires
from matcher.contacts.questions import KIND
from matcher.db.models import Pupil, School
from matcher.organisation.designated_contacts import has_designated_contact
from matcher.organisation.school_people import list_colleagues
from matcher.requests import school_requests as school_requests
from matcher.requests.csv_import import COLUMNS, MAX_BYTES, InvalidFile, RowProblem, template
from matcher.requests.problems import InvalidRequest, Problem
from matcher.requests.rules import MAX_REASON_LENGTH
from webapp.school import bp
from webapp.school.forms import MentorForm, RequestForm, UploadForm, offer_mentors
from webapp.school.labels import accepted_codes, proposal_texts, template_helpers
from webapp.school.reading import mark_problems, read_request
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language
from webapp.shared.request_problems import row_problem_text
from webapp.shared.widgets import ConfirmForm
from webapp.shared.widgets import Problem as FieldProblem

# More problems than this in one file are counted, not listed.
SHOWN_FILE_PROBLEMS = 50
NO_FILE = "kies een CSV-bestand om te uploaden"

bp.context_processor(template_helpers)


@bp.get("/")
@requires(Permission.SCHOOL_AREA)
def home() -> Response | str:
    school_ids = sorted(current_user.account.school_ids)
    if len(school_ids) == 1:
        return redirect(url_for("school.requests", school_id=school_ids[0]))
    with database().unit_of_work() as session:
        schools = session.scalars(select(School).where(School.id.in_(school_ids))).all()
        return render_template("school/home.html", schools=sorted(schools, key=lambda s: s.name))


@bp.get("/<int:school_id>/aanvragen")
@requires(Permission.SCHOOL_AREA)
def requests(school_id: int) -> str:
    with database().unit_of_work() as session:
        school = _school(session, school_id, Permission.VIEW_SCHOOL)
        actor, locale = current_actor(), current_language()
        rows = school_requests.list_school_requests(session, actor, school_id=school.id)
        designated = has_designated_contact(session, school.id)
        session.commit()
        return render_template("school/requests.html", school=school, rows=rows,
                               designated=designated,
                               questionnaires=open_questionnaires(session, actor),
                               kind=lambda code: KIND[code].label(locale))


@bp.route("/<int:school_id>/aanvragen/nieuw", methods=["GET", "POST"])
@requires(Permission.SCHOOL_AREA)
def new_request(school_id: int) -> Response | str:
    with database().unit_of_work() as session:
        school = _school(session, school_id, Permission.EDIT_PUPIL)
        form = RequestForm()
        form.localise(current_language(), school.levels)
        colleagues = list_colleagues(session, current_actor(), school.id)
        offer_mentors(form.mentor, colleagues, current_user.account.email)
        problems: list[FieldProblem] = []
        if form.validate_on_submit():
            actor, values = current_actor(), read_request(form)
            try:
                database().run_in_transaction(
                    lambda work: school_requests.create_request(
                        work, actor, school_id=school.id, values=values
                    )
                )
            except InvalidRequest as invalid:
                problems = mark_problems(form, invalid.problems)
            else:
                flash(_("De aanvraag is opgeslagen. Koppel zoekt een maatje."), "success")
                return redirect(url_for("school.requests", school_id=school.id))
        return render_template(
            "school/request_form.html",
            school=school,
            form=form,
            problems=problems,
            reason_limit=MAX_REASON_LENGTH,
            proposal=proposal_texts(form.needs.data),
        )


@bp.route("/<int:school_id>/aanvragen/upload", methods=["GET", "POST"])
@requires(Permission.SCHOOL_AREA)
def upload(school_id: int) -> Response | str:
    with database().unit_of_work() as session:
        school = _school(session, school_id, Permission.EDIT_PUPIL)
        form = UploadForm()
        messages: list[str] = []
        if form.validate_on_submit():
            try:
                count = _import(school.id, form.file.data)
            except InvalidFile as invalid:
                messages = [row_problem_text(found) for found in invalid.problems]
                form.file.errors = [
                    _("Er is niets opgeslagen. Verbeter het bestand en upload het opnieuw.")
                ]
            else:
                flash(_("Opgeslagen aanvragen: %(num)d.", num=count), "success")
                return redirect(url_for("school.requests", school_id=school.id))
        return render_template(
            "school/upload.html",
            school=school,
            form=form,
            messages=messages[:SHOWN_FILE_PROBLEMS],
            hidden=max(len(messages) - SHOWN_FILE_PROBLEMS, 0),
            columns=COLUMNS,
            codes=accepted_codes(),
        )


def _import(school_id: int, upload: FileStorage | None) -> int:
    if upload is None or not upload.filename:
        raise InvalidFile([RowProblem(Problem("file", NO_FILE))])
    actor, data = current_actor(), upload.stream.read(MAX_BYTES + 1)
    result = database().run_in_transaction(
        lambda work: school_requests.import_requests_csv(
            work, actor, school_id=school_id, data=data
        )
    )
    return len(result.pupil_ids)


@bp.get("/<int:school_id>/aanvragen/sjabloon.csv")
@requires(Permission.SCHOOL_AREA)
def csv_template(school_id: int) -> Response:
    with database().unit_of_work() as session:
        _school(session, school_id, Permission.VIEW_SCHOOL)
    return Response(
        template(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="koppel-aanvragen.csv"'},
    )


@bp.get("/aanvraag/<int:pupil_id>")
@requires(Permission.SCHOOL_AREA)
def show(pupil_id: int) -> str:
    return _request_page(pupil_id, MentorForm())


@bp.post("/aanvraag/<int:pupil_id>/mentor")
@requires(Permission.SCHOOL_AREA)
def change_mentor(pupil_id: int) -> Response | str:
    form = MentorForm()
    with database().unit_of_work() as session:
        _pupil(session, pupil_id, Permission.EDIT_PUPIL)
    if form.validate_on_submit():
        actor, chosen = current_actor(), form.mentor.data or ""
        try:
            database().run_in_transaction(
                lambda work: school_requests.change_mentor(
                    work, actor, pupil_id=pupil_id, chosen=chosen
                )
            )
        except InvalidRequest as invalid:
            mark_problems(form, invalid.problems)
        else:
            flash(_("De mentor is opgeslagen."), "success")
            return redirect(url_for("school.show", pupil_id=pupil_id))
    return _request_page(pupil_id, form)


def _request_page(pupil_id: int, form: MentorForm) -> str:
    with database().unit_of_work() as session:
        pupil = _pupil(session, pupil_id, Permission.VIEW_PUPIL)
        actor, locale = current_actor(), current_language()
        school_requests.show_request(session, actor, pupil_id=pupil.id)
        colleagues = list_colleagues(session, actor, pupil.school_id)
        chosen = pupil.mentor.email if pupil.mentor else current_user.account.email
        offer_mentors(form.mentor, colleagues, chosen or "")
        session.commit()
        return render_template(
            "school/request.html",
            pupil=pupil,
            withdrawable=pupil.state in school_requests.WITHDRAWABLE_STATES,
            questionnaires=[q for q in open_questionnaires(session, actor)
                            if q.pupil_id == pupil.id],
            kind=lambda code: KIND[code].label(locale),
            mentor_form=form,
        )


@bp.route("/aanvraag/<int:pupil_id>/intrekken", methods=["GET", "POST"])
@requires(Permission.SCHOOL_AREA)
def withdraw(pupil_id: int) -> Response | str:
    form = ConfirmForm()
    with database().unit_of_work() as session:
        pupil = _pupil(session, pupil_id, Permission.EDIT_PUPIL)
        if form.validate_on_submit():
            actor, school_id = current_actor(), pupil.school_id
            try:
                database().run_in_transaction(
                    lambda work: school_requests.withdraw_request(work, actor, pupil_id=pupil_id)
                )
            except school_requests.CannotWithdraw:
                flash(
                    _(
                        "Deze aanvraag kan niet meer worden ingetrokken. Neem contact op met "
                        "de coördinator om een koppeling te beëindigen."
                    ),
                    "error",
                )
            else:
                flash(_("De aanvraag is ingetrokken."), "success")
            return redirect(url_for("school.requests", school_id=school_id))
        return render_template("school/withdraw.html", pupil=pupil, form=form)


def _school(session: Session, school_id: int, permission: Permission) -> School:
    school = session.get(School, school_id)
    if school is None:
        abort(404)
    authorize(permission, Scope(region_id=school.region_id, school_id=school.id))
    return school


def _pupil(session: Session, pupil_id: int, permission: Permission) -> Pupil:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None or pupil.anonymised_at is not None:
        abort(404)
    authorize(permission, Scope(region_id=pupil.school.region_id, school_id=pupil.school_id))
    return pupil
