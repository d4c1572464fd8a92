"""Dutch (translatable) names for the state codes the workspace pages show."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.coordinator import bp

SCREENING_STATES = {
    "new": _l("nieuw"),
    "awaiting_intake": _l("wacht op intake"),
    "vog_requested": _l("VOG aangevraagd"),
    "approved": _l("goedgekeurd"),
    "paused": _l("gepauzeerd"),
    "rejected": _l("afgewezen"),
    "withdrawn": _l("teruggetrokken"),
}
PUPIL_STATES = {
    "waiting": _l("wacht"),
    "proposed": _l("voorgesteld"),
    "matched": _l("gekoppeld"),
    "ended": _l("beëindigd"),
    "withdrawn": _l("ingetrokken"),
}
MATCH_STATES = {
    "proposed": _l("voorgesteld"),
    "approved": _l("goedgekeurd"),
    "active": _l("actief"),
    "declined": _l("geweigerd"),
    "ended": _l("beëindigd"),
    "rejected": _l("afgewezen"),
    "superseded": _l("vervangen"),
    "expired": _l("verlopen"),
}


@bp.context_processor
def state_labels() -> dict[str, object]:
    return {
        "screening_states": SCREENING_STATES,
        "pupil_states": PUPIL_STATES,
        "match_states": MATCH_STATES,
    }
