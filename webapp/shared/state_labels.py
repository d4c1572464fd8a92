"""Dutch (translatable) names for the state codes that pages show to staff and schools."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
RUN_STATES = {
    "queued": _l("in de wachtrij"),
    "building": _l("gegevens lezen"),
    "solving": _l("koppelingen berekenen"),
    "storing": _l("voorstellen opslaan"),
    "open": _l("open"),
    "closed": _l("gesloten"),
    "failed": _l("mislukt"),
}
