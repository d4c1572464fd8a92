"""Screening pages: the queue of volunteers waiting for it, and one volunteer's steps.

Each step is its own small form posting to its own URL; a refused step re-renders
the volunteer's page with the message under the field, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.matches.overview import matches_of_volunteer
from matcher.matching.eligibility import volunteer_problems
from matcher.shared.clock import today
from matcher.shared.vocabulary import DAY, LEVEL, MODE, SUBJECT
from matcher.shared.weekly_slots import clock_text
from matcher.volunteers import screening
from matcher.volunteers.preparation import preparation_of, record_training
from matcher.volunteers.screening_queue import place_of, vog_expiring, waiting_list
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.screening_forms import (
    IntakeForm,
    PauseForm,
    RejectForm,
    TrainingForm,
    VogIssuedForm,
    VogRequestForm,
)
from webapp.coordinator.visible import screening_policy
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.i18n import current_language
from webapp.shared.messages import MESSAGES
from webapp.shared.widgets import ConfirmForm

_FORM_CLASSES: dict[str, type[FlaskForm]] = {
    "intake": IntakeForm,
    "vog_request": VogRequestForm,
    "vog_issued": VogIssuedForm,
    "training": TrainingForm,
    "approve": ConfirmForm,
    "pause": PauseForm,
    "reject": RejectForm,
}
# One page holds every form, so each gets a prefix that keeps field ids unique.
FORMS: dict[str, Callable[..., FlaskForm]] = {
    name: partial(cls, prefix=name) for name, cls in _FORM_CLASSES.items()
}
# Domain field names → form field names, per form.
ALIASES = {"intake_on": "held_on", "intake_notes": "notes", "vog_requested_on": "requested_on",
           "vog_issued_on": "issued_on", "training_completed_on": "completed_on"}  # fmt: skip


@bp.get("/screening")
@requires(Permission.SCREEN_VOLUNTEER)
def screening_queue() -> str:
    with database().unit_of_work() as session:
        queue = waiting_list(session, current_actor())
        expiring = vog_expiring(session, current_actor(), screening_policy())
    return render_template(
        "coordinator/screening_queue.html",
        queue=queue,
        expiring=expiring,
        policy=screening_policy(),
    )


@bp.get("/vrijwilligers/<int:profile_id>")
@requires(Permission.SCREEN_VOLUNTEER)
def volunteer(profile_id: int) -> str:
    return _page(profile_id, {})


def _page(profile_id: int, submitted: dict[str, FlaskForm]) -> str:
    forms = {name: submitted.get(name) or make(formdata=None) for name, make in FORMS.items()}
    with database().unit_of_work() as session:
        try:
            profile = screening.load_for_screening(session, current_actor(), profile_id)
        except screening.VolunteerNotFound:
            raise NotFound from None
        policy = screening_policy()
        language = current_language()
        phrases = Phrases()
        valid_until = (
            policy.last_valid_day(profile.vog_issued_on) if profile.vog_issued_on else None
        )
        return render_template(
            "coordinator/volunteer_screening.html",
            profile=profile,
            user=profile.user,
            forms=forms,
            valid_until=valid_until,
            preparation=preparation_of(profile),
            not_matched_because=[
                phrases.refusal(code)
                for code in volunteer_problems(session, profile.id, policy, today())
            ] if profile.screening_state == "approved" else [],
            approvable=profile.screening_state in screening.APPROVABLE_STATES,
            approval_blockers=[
                str(MESSAGES[code]) for code in screening.approval_blockers(profile, policy)
            ],
            place=place_of(profile.postcode),
            availability=[
                f"{DAY[s['day']].label(language)} {clock_text(s['start'])}–{clock_text(s['end'])}"
                for s in profile.availability if s.get("day") in DAY
            ],
            mode=MODE[profile.mode].label(language) if profile.mode in MODE else profile.mode,
            matches=matches_of_volunteer(session, profile.id),
            pausable=profile.screening_state in screening.PAUSABLE_STATES,
            rejectable=profile.screening_state in screening.REJECTABLE_STATES,
            subjects=", ".join(
                SUBJECT[c].label(language) for c in profile.subjects if c in SUBJECT
            ),
            levels=", ".join(LEVEL[c].label(language) for c in profile.levels if c in LEVEL),
        )


def _step(profile_id: int, name: str, act: Callable[..., None], done: str) -> Response | str:
    form = FORMS[name]()
    actor = current_actor()
    try:
        stepped = carry_out(
            form,
            lambda session: act(session, actor, profile_id, form),
            done=done,
            next_url=url_for("coordinator.volunteer", profile_id=profile_id),
            aliases=ALIASES,
        )
    except screening.VolunteerNotFound:
        raise NotFound from None
    return stepped or _page(profile_id, {name: form})


@bp.post("/vrijwilligers/<int:profile_id>/intake")
@requires(Permission.SCREEN_VOLUNTEER)
def record_intake(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.record_intake(
            session, actor, pid, held_on=form.held_on.data, notes=form.notes.data or ""
        )

    return _step(profile_id, "intake", act, _("Het intakegesprek is vastgelegd."))


@bp.post("/vrijwilligers/<int:profile_id>/vog-aanvraag")
@requires(Permission.SCREEN_VOLUNTEER)
def request_vog(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.request_vog(session, actor, pid, requested_on=form.requested_on.data)

    return _step(profile_id, "vog_request", act, _("De VOG-aanvraag is vastgelegd."))


@bp.post("/vrijwilligers/<int:profile_id>/vog")
@requires(Permission.SCREEN_VOLUNTEER)
def record_vog(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.record_vog(
            session, actor, pid, issued_on=form.issued_on.data, policy=screening_policy()
        )

    return _step(profile_id, "vog_issued", act, _("De VOG is vastgelegd."))


@bp.post("/vrijwilligers/<int:profile_id>/training")
@requires(Permission.SCREEN_VOLUNTEER)
def record_training_done(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        record_training(session, actor, pid, completed_on=form.completed_on.data)

    return _step(profile_id, "training", act, _("De training is vastgelegd."))


@bp.post("/vrijwilligers/<int:profile_id>/goedkeuren")
@requires(Permission.SCREEN_VOLUNTEER)
def approve(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.approve_volunteer(
            session,
            actor,
            pid,
            policy=screening_policy(),
            base_url=current_app.config["PUBLIC_URL"],
        )

    return _step(
        profile_id, "approve", act, _("De vrijwilliger is goedgekeurd en krijgt een e-mail.")
    )


@bp.post("/vrijwilligers/<int:profile_id>/pauzeren")
@requires(Permission.SCREEN_VOLUNTEER)
def pause(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.pause_volunteer(session, actor, pid, reason=form.reason.data)

    return _step(profile_id, "pause", act, _("De vrijwilliger is gepauzeerd."))


@bp.post("/vrijwilligers/<int:profile_id>/afwijzen")
@requires(Permission.SCREEN_VOLUNTEER)
def reject(profile_id: int) -> Response | str:
    def act(session: Any, actor: Any, pid: int, form: Any) -> None:
        screening.reject_volunteer(session, actor, pid, reason=form.reason.data)

    return _step(profile_id, "reject", act, _("De vrijwilliger is afgewezen en krijgt een e-mail."))
