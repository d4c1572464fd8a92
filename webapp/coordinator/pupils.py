"""A pupil's file for the coordinator: the request, every match with its contact log,
rhythm and answered check-ins, agreeing the rhythm and ending the live one.

Opening the file is audited (``pupil.view``), and so is reading the notes of a contact
log (``contact.notes_viewed``) and the comments of answered questions
(``questionnaire.comments_viewed``). A pupil or match of another region is 404. Ending
a match whose pupil needs a new buddy leads straight to matching the pupil by hand.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission, Scope
from matcher.contacts.end_requests import Ended, open_request_of
from matcher.contacts.moments import moments_of_match
from matcher.contacts.questionnaires import answers_of_match
from matcher.contacts.questions import KIND, QUESTIONS
from matcher.contacts.rhythm import set_rhythm
from matcher.db.models import Match
from matcher.matches.end_reasons import END_REASON
from matcher.matches.overview import pupil_region, read_pupil_file
from matcher.shared.vocabulary import LEVEL, PRIORITY, SUBJECT
from webapp.coordinator import bp
from webapp.shared.access import authorize, current_actor, requires
from webapp.shared.contact_log import RhythmForm, rhythm_form
from webapp.shared.contact_log import shown as shown_log
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.shared.i18n import current_language
from webapp.shared.match_ending import EndMatchForm, end_form, end_from_form


@bp.get("/leerlingen/<int:pupil_id>")
@requires(Permission.COORDINATOR_AREA)
def pupil(pupil_id: int) -> str:
    return _page(pupil_id, end_form())


@bp.post("/koppelingen/<int:match_id>/beeindigen")
@requires(Permission.DECIDE_MATCH)
def end(match_id: int) -> Response | str:
    with database().unit_of_work() as session:
        match = session.get(Match, match_id)
        if match is None:
            abort(404)
        pupil_id = match.pupil_id
    form = end_form()
    ended = end_from_form(match_id, form)
    if ended:
        return redirect(after_end(ended, pupil_id))
    return _page(pupil_id, form)


def after_end(ended: Ended | bool, pupil_id: int) -> str:
    """Where a coordinator goes after ending a match: matching the pupil again by hand
    when they wait for a new buddy, else back to the pupil's file."""
    if isinstance(ended, Ended) and ended.back_to_waiting:
        with database().unit_of_work() as session:
            region_id = pupil_region(session, pupil_id)
        return url_for("coordinator.manual_match", regio=region_id, leerling=pupil_id)
    return url_for("coordinator.pupil", pupil_id=pupil_id)


@bp.post("/koppelingen/<int:match_id>/ritme")
@requires(Permission.COORDINATOR_AREA)
def rhythm(match_id: int) -> Response | str:
    with database().unit_of_work() as session:
        match = session.get(Match, match_id)
        if match is None:
            abort(404)
        pupil_id = match.pupil_id
    form, actor = rhythm_form(), current_actor()
    chosen = str(form.rhythm.data or "")
    done = carry_out(
        form, lambda session: set_rhythm(session, actor, match_id, chosen),
        done=_("Het afgesproken ritme is opgeslagen."),
        next_url=url_for("coordinator.pupil", pupil_id=pupil_id),
        aliases={"match": ""},
    )
    return done or _page(pupil_id, end_form(), rhythm=(match_id, form))


def _page(pupil_id: int, form: EndMatchForm,
          rhythm: tuple[int, RhythmForm] | None = None) -> str:
    locale = current_language()
    with database().unit_of_work() as session:
        region_id = pupil_region(session, pupil_id)
        if region_id is None:
            abort(404)
        authorize(Permission.VIEW_PUPIL, Scope(region_id=region_id))
        file = read_pupil_file(session, current_actor(), pupil_id)
        p = file.pupil
        shown = {
            "id": p.id,
            "reference": p.reference or f"#{p.id}",
            "school": p.school.name,
            "year_level": f"{p.school_year} {LEVEL[p.level].label(locale)}",
            "subjects": ", ".join(SUBJECT[s].label(locale) for s in p.subjects if s in SUBJECT),
            "priority": PRIORITY[p.priority].label(locale),
            "state": p.state,
            "waiting_days": file.waiting_days,
            "waiting": p.state == "waiting",
        }
        actor = current_actor()
        logs = {m.id: shown_log(moments_of_match(session, actor, m.id), locale)
                for m in file.matches if m.state in ("approved", "active", "ended")}
        answers = {match_id: answers_of_match(session, actor, match_id) for match_id in logs}
        asked = {m.id for m in file.matches
                 if m.state == "active" and open_request_of(session, actor, m.id)}
        session.commit()
    rhythm_forms = {
        match_id: rhythm[1] if rhythm and rhythm[0] == match_id else rhythm_form(log.rhythm_code)
        for match_id, log in logs.items()
    }
    reasons = {code: term.label(locale) for code, term in END_REASON.items()}
    return render_template("coordinator/pupil.html", pupil=shown, matches=file.matches,
                           form=form, end_reasons=reasons, logs=logs,
                           rhythm_forms=rhythm_forms, answers=answers, asked=asked,
                           kind=lambda code: KIND[code].label(locale),
                           questions=lambda line: [q.label(locale)
                                                   for q in QUESTIONS[line.kind][line.side]])
