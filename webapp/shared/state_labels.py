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
# What happens next for a request in each state, in one line for the school.
PUPIL_STATES_NEXT = {
    "waiting": _l("Koppel zoekt een maatje dat past; de coördinator doet dat bij de volgende"
                  " koppelronde."),
    "proposed": _l("Er is een maatje voorgesteld, maar die heeft nog niet geantwoord. U krijgt"
                   " bericht zodra de koppeling vaststaat."),
    "matched": _l("Het maatje en de leerling zijn gekoppeld; het maatje neemt contact op met de"
                  " leerling."),
    "ended": _l("De koppeling is voorbij. Heeft de leerling nog hulp nodig, vraag dan opnieuw"
                " een maatje aan."),
    "withdrawn": _l("De aanvraag is ingetrokken; Koppel zoekt geen maatje meer."),
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
