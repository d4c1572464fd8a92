"""The "needs attention" list: pairs in the coordinator's regions without a reached contact."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from matcher.accounts.permissions import Permission
from matcher.contacts.attention import needs_attention
from matcher.contacts.thresholds import visible_thresholds
from matcher.shared.vocabulary import RHYTHM
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language

STEPS = {
    "attention": _l("Te lang niet bereikt"),
    "school_notice": _l("School ingelicht"),
}


@bp.get("/aandacht")
@requires(Permission.COORDINATOR_AREA)
def attention() -> str:
    actor = current_actor()
    with database().unit_of_work() as session:
        lines = needs_attention(session, actor)
        regions = visible_thresholds(session, actor)
    language = current_language()
    return render_template(
        "coordinator/attention.html",
        lines=lines,
        regions=regions,
        steps=STEPS,
        rhythm=lambda code: RHYTHM[code].label(language),
    )
