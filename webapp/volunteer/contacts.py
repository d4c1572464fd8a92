"""The volunteer's contact log: logging and correcting moments, the rhythm, holiday pauses.

Every route names its permission; the use cases check the match is the volunteer's
own (another match is 404) and refuse wrong values at their field, storing nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from matcher.accounts.permissions import Permission
from matcher.contacts.moments import MomentEntry, correct_moment, log_moment, moment_to_correct
from matcher.contacts.refusals import ContactRefused
from matcher.contacts.rhythm import pause_for_holiday, set_rhythm
from webapp.shared import messages
from webapp.shared.access import current_actor, requires
from webapp.shared.contact_log import rhythm_form
from webapp.shared.database import database
from webapp.shared.forms_errors import carry_out
from webapp.volunteer import bp
from webapp.volunteer.contact_forms import MomentForm, PauseForm, moment_form, read_date
from webapp.volunteer.match_page import Failed, render


@bp.post("/vrijwilliger/koppelingen/<int:match_id>/contactmoment")
@requires(Permission.RECORD_CONTACT)
def log_contact(match_id: int) -> Response | str:
    form, actor = moment_form(), current_actor()
    entry = form.entry()
    done = _save_moment(
        form, match_id, entry, lambda session: log_moment(session, actor, match_id, entry),
        _("Het contactmoment is opgeslagen."), aliases={"match": "", "reached": "not_reached"},
    )
    return done or render(Failed(match_id, {"moment": form}))


@bp.route("/vrijwilliger/contactmomenten/<int:moment_id>", methods=["GET", "POST"])
@requires(Permission.RECORD_CONTACT)
def correct_contact(moment_id: int) -> Response | str:
    actor = current_actor()
    try:
        with database().unit_of_work() as session:
            match_id, line = moment_to_correct(session, actor, moment_id)
    except ContactRefused as refused:
        flash(messages.describe(refused), "error")
        return redirect(url_for("volunteer.my_matches"))
    form = moment_form(line)
    entry = form.entry()
    done = _save_moment(
        form, match_id, entry, lambda session: correct_moment(session, actor, moment_id, entry),
        _("Het contactmoment is aangepast."),
        aliases={"match": "", "moment": "", "reached": "not_reached"},
    )
    return done or render_template("volunteer/correct_moment.html", form=form,
                                   moment_id=moment_id)


@bp.post("/vrijwilliger/koppelingen/<int:match_id>/ritme")
@requires(Permission.VOLUNTEER_AREA)
def set_my_rhythm(match_id: int) -> Response | str:
    form, actor = rhythm_form(), current_actor()
    rhythm = str(form.rhythm.data or "")
    done = carry_out(
        form, lambda session: set_rhythm(session, actor, match_id, rhythm),
        done=_("Het afgesproken ritme is opgeslagen."),
        next_url=url_for("volunteer.my_matches", _anchor=f"match-{match_id}"),
        aliases={"match": ""},
    )
    return done or render(Failed(match_id, {"rhythm": form}))


@bp.post("/vrijwilliger/koppelingen/<int:match_id>/vakantie")
@requires(Permission.RECORD_CONTACT)
def pause_my_match(match_id: int) -> Response | str:
    form, actor = PauseForm(), current_actor()
    starts_on, ends_on = read_date(form.starts_on.data), read_date(form.ends_on.data)
    done = carry_out(
        form, lambda session: pause_for_holiday(session, actor, match_id, starts_on, ends_on),
        done=_("De vakantiepauze is opgeslagen."),
        next_url=url_for("volunteer.my_matches", _anchor=f"match-{match_id}"),
        aliases={"match": ""},
    )
    return done or render(Failed(match_id, {"pause": form}))


def _save_moment(
    form: MomentForm, match_id: int, entry: MomentEntry, work: Callable[[Session], object],
    done: str, *, aliases: dict[str, str],
) -> Response | None:
    """Run ``work`` on a valid form; back to the pupil's card, or to the help after
    "worried" (the way to raise a concern)."""
    worried = entry.mood == "worried"
    return carry_out(
        form, work, done=done,
        next_url=url_for("volunteer.my_matches", zorg=match_id if worried else None,
                         _anchor="zorgen" if worried else f"match-{match_id}"),
        aliases=aliases,
    )
