"""The mentor's pages: "Mijn leerlingen" and the progress of one pupil.

The list is the mentor's own (``MENTOR_AREA``). The progress page is for the pupil's
mentor, the school's contacts and staff of the region (``VIEW_PROGRESS``); any other
pupil, of this school or another, is *not found* (404). Both reads are audited by ids
and committed with the page.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from matcher.accounts.permissions import Permission
from matcher.contacts.progress import mentor_pupils, pupil_progress
from matcher.shared.vocabulary import CONTACT_TOPIC, LEVEL
from webapp.mentor import bp
from webapp.mentor.charts import week_chart
from webapp.shared.access import current_actor, requires
from webapp.shared.contact_log import shown
from webapp.shared.database import database
from webapp.shared.health_words import LEVELS, reason_text
from webapp.shared.i18n import current_language
from webapp.shared.state_labels import PUPIL_STATES

CHECK_IN_KINDS = {
    "week_4": _l("Na 4 weken"),
    "week_12": _l("Na 12 weken"),
    "exit": _l("Bij het afscheid"),
}
CHECK_IN_SIDES = {"volunteer": _l("het maatje"), "mentor": _l("de mentor")}


@bp.get("/")
@requires(Permission.MENTOR_AREA)
def home() -> str:
    with database().unit_of_work() as session:
        pupils = mentor_pupils(session, current_actor())
        session.commit()
    return render_template("mentor/home.html", pupils=pupils, level=_level, states=PUPIL_STATES)


@bp.get("/leerling/<int:pupil_id>")
@requires(Permission.VIEW_PROGRESS)
def progress(pupil_id: int) -> str:
    locale = current_language()
    with database().unit_of_work() as session:
        found = pupil_progress(session, current_actor(), pupil_id)
        session.commit()
    topics = [(CONTACT_TOPIC[code].label(locale), n) for code, n in found.topics
              if code in CONTACT_TOPIC]
    return render_template(
        "mentor/progress.html",
        progress=found,
        level=_level(found.level),
        state=PUPIL_STATES[found.state],
        log=shown(found.log, locale) if found.log else None,
        chart=week_chart(found.weeks),
        topics=topics,
        check_in_kinds=CHECK_IN_KINDS,
        check_in_sides=CHECK_IN_SIDES,
        levels=LEVELS,
        reason_text=reason_text,
    )


def _level(code: str) -> str:
    return LEVEL[code].label(current_language()) if code in LEVEL else code
