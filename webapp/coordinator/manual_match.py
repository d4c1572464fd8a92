"""Making a match by hand: choose a waiting pupil and an eligible volunteer, check, decide.

The chooser (GET) filters volunteers by name and subject. The check page shows which
hard rules the pair breaks (:func:`matcher.matches.decisions.check_manual_match`); the match is
made on POST, and a broken rule needs an override reason. A full volunteer, or one
who is not screened, cannot be overridden. Both people must be in the coordinator's
regions (404 otherwise); the decision is audited by the use case.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission, Scope
from matcher.db.models import Pupil, Region, VolunteerProfile
from matcher.matches.decisions import (
    NEVER_OVERRIDDEN,
    DecisionRefused,
    ReasonRefused,
    check_manual_match,
)
from matcher.matches.decisions import create_manual_match as make_match
from matcher.matches.manual_candidates import eligible_volunteers, waiting_pupils
from matcher.matches.overview import pupil_region
from matcher.privacy import audit
from matcher.shared.vocabulary import LEVEL, MODE, SUBJECT, SUBJECTS
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.matching_forms import ManualMatchForm
from webapp.coordinator.proposal_decisions import decision_settings
from webapp.coordinator.visible import chosen_region, screening_policy, visible_regions
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language
from webapp.shared.ids import parse_id


@bp.get("/handmatig")
@requires(Permission.DECIDE_MATCH)
def manual_match() -> str:
    locale, visible = current_language(), visible_regions()
    search, subject = request.args.get("zoek", "").strip(), request.args.get("vak", "")
    with database().unit_of_work() as session:
        regions = session.execute(select(Region.id, Region.name).order_by(Region.name)).all()
        region_id = chosen_region([r.id for r in regions])
        pupils = waiting_pupils(session, region_id)
        volunteers = eligible_volunteers(
            session, region_id, policy=screening_policy(), search=search,
            subject=subject if subject in SUBJECT else "",
        )
        audit.record(session, "pupil.list", "region", region_id,
                     actor_user_id=current_actor().user_id, pupil_ids=[p.id for p in pupils])
        session.commit()
    chosen = request.args.get("leerling", "")
    return render_template(
        "coordinator/manual_match.html",
        regions=[r for r in regions if visible is None or r.id in visible],
        region_id=region_id,
        pupils=pupils,
        pupil_id=parse_id(chosen),
        volunteers=volunteers,
        search=search,
        subject=subject,
        subjects=[(t.code, t.label(locale)) for t in SUBJECTS],
        label=lambda index, code: index[code].label(locale) if code in index else code,
        vocab={"level": LEVEL, "subject": SUBJECT, "mode": MODE},
    )


@bp.route("/handmatig/<int:pupil_id>/<int:volunteer_id>", methods=["GET", "POST"])
@requires(Permission.DECIDE_MATCH)
def manual_check(pupil_id: int, volunteer_id: int) -> Response | str:
    form = ManualMatchForm()
    with database().unit_of_work() as session:
        _authorize_pair(session, pupil_id, volunteer_id)
        problems = check_manual_match(session, volunteer_id=volunteer_id, pupil_id=pupil_id,
                                      policy=screening_policy())
    blocked = [code for code in problems if code in NEVER_OVERRIDDEN]
    if request.method == "POST" and form.validate_on_submit() and not blocked:
        reason = (form.override_reason.data or "").strip()
        if problems and not reason:
            form.override_reason.errors = [
                _("Geef een reden om de regel(s) hierboven te negeren.")
            ]
        else:
            try:
                done = _make(pupil_id, volunteer_id, reason or None)
            except ReasonRefused as error:
                attach_error(form, error, {"reason": "override_reason"})
            else:
                if done is True:
                    flash(_("De koppeling is gemaakt; de vrijwilliger krijgt een mail."), "success")
                    return redirect(url_for("coordinator.pupil", pupil_id=pupil_id))
                problems = done
                blocked = [code for code in problems if code in NEVER_OVERRIDDEN]
    phrases = Phrases()
    return render_template(
        "coordinator/manual_check.html",
        form=form,
        pupil_id=pupil_id,
        volunteer_id=volunteer_id,
        summary=_pair_summary(pupil_id, volunteer_id),
        problems=[phrases.refusal(code) for code in problems],
        blocked=bool(blocked),
    )


def _make(pupil_id: int, volunteer_id: int, reason: str | None) -> bool | tuple[str, ...]:
    """Make the match; ``True``, or the codes that refused it (the data changed meanwhile)."""
    actor, settings = current_actor(), decision_settings()
    try:
        database().run_in_transaction(
            lambda session: make_match(session, actor, volunteer_id=volunteer_id,
                                       pupil_id=pupil_id, settings=settings,
                                       override_reason=reason)
        )
    except DecisionRefused as why:
        return why.codes
    return True


def _authorize_pair(session, pupil_id: int, volunteer_id: int) -> None:
    region_id = pupil_region(session, pupil_id)
    volunteer = session.get(VolunteerProfile, volunteer_id)
    if region_id is None or volunteer is None or volunteer.region_id is None:
        abort(404)
    authorize(Permission.DECIDE_MATCH, Scope(region_id=region_id))
    authorize(Permission.DECIDE_MATCH, Scope(region_id=volunteer.region_id))


def _pair_summary(pupil_id: int, volunteer_id: int) -> dict[str, str]:
    """What the check page shows of the pair; showing the pupil is audited."""
    locale = current_language()
    with database().unit_of_work() as session:
        pupil = session.get(Pupil, pupil_id)
        volunteer = session.get(VolunteerProfile, volunteer_id)
        audit.record(session, "pupil.view", "pupil", pupil.id,
                     actor_user_id=current_actor().user_id)
        session.commit()
        return {
            "reference": pupil.reference or f"#{pupil.id}",
            "pupil": f"{pupil.school_year} {LEVEL[pupil.level].label(locale)} · "
            + ", ".join(SUBJECT[s].label(locale) for s in pupil.subjects if s in SUBJECT),
            "volunteer": volunteer.user.display_name or f"#{volunteer.id}",
            "offers": ", ".join(SUBJECT[s].label(locale) for s in volunteer.subjects
                                if s in SUBJECT),
        }

