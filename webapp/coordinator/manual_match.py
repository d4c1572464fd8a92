"""Making a match by hand: choose a waiting pupil and an eligible volunteer, check, decide.

The chooser (GET) filters volunteers by name and subject. The check page shows which
hard rules the pair breaks (:func:`matcher.matches.decisions.check_manual_match`); the match is
made on POST, and a broken rule needs an override reason. A full volunteer, or one
who is not screened, cannot be overridden. Both people must be in the coordinator's
regions (404 otherwise); the decision is audited by the use case.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.db.models import Region
from matcher.matches.decisions import (
    NEVER_OVERRIDDEN,
    DecisionRefused,
    ReasonRefused,
)
from matcher.matches.decisions import create_manual_match as make_match
from matcher.matches.manual_candidates import ManualPair, manual_choices, manual_pair
from matcher.shared.vocabulary import LEVEL, MODE, SUBJECT, SUBJECTS
from webapp.coordinator import bp
from webapp.coordinator.explain import Phrases
from webapp.coordinator.matching_forms import ManualMatchForm
from webapp.coordinator.proposal_decisions import decision_settings
from webapp.coordinator.visible import chosen_region, screening_policy, visible_regions
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.forms_errors import attach_error
from webapp.shared.i18n import current_language
from webapp.shared.ids import parse_id


@bp.get("/handmatig")
@requires(Permission.DECIDE_MATCH)
def manual_match() -> str:
    locale, visible = current_language(), visible_regions()
    search, subject = request.args.get("zoek", "").strip(), request.args.get("vak", "")
    actor, policy = current_actor(), screening_policy()
    with database().unit_of_work() as session:
        regions = session.execute(select(Region.id, Region.name).order_by(Region.name)).all()
    region_id = chosen_region([r.id for r in regions])
    choices = database().run_in_transaction(
        lambda session: manual_choices(
            session, actor, region_id, policy=policy, search=search,
            subject=subject if subject in SUBJECT else "",
        )
    )
    chosen = request.args.get("leerling", "")
    return render_template(
        "coordinator/manual_match.html",
        regions=[r for r in regions if visible is None or r.id in visible],
        region_id=region_id,
        pupils=choices.pupils,
        pupil_id=parse_id(chosen),
        volunteers=choices.volunteers,
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
    actor, policy = current_actor(), screening_policy()
    pair = database().run_in_transaction(
        lambda session: manual_pair(session, actor, volunteer_id=volunteer_id,
                                    pupil_id=pupil_id, policy=policy)
    )
    problems = pair.problems
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
        summary=_pair_summary(pair),
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


def _pair_summary(pair: ManualPair) -> dict[str, str]:
    """What the check page shows of the pair, in the page's language."""
    locale, pupil = current_language(), pair.pupil
    return {
        "reference": pupil.reference,
        "pupil": f"{pupil.school_year} {LEVEL[pupil.level].label(locale)} · "
        + ", ".join(SUBJECT[s].label(locale) for s in pupil.subjects if s in SUBJECT),
        "volunteer": pair.volunteer_name,
        "offers": ", ".join(SUBJECT[s].label(locale) for s in pair.volunteer_subjects
                            if s in SUBJECT),
    }
