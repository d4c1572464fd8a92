"""The list of live pairs with their health signal: colour and words, red first."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher.accounts.permissions import Permission
from matcher.contacts.live_pairs import live_pairs
from matcher.shared.vocabulary import RHYTHM
from webapp.coordinator import bp
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.health_words import LEVELS, reason_text
from webapp.shared.i18n import current_language
from webapp.shared.ids import parse_id

PAGE_SIZE = 100
# URL word → order of the list.
ORDERS = {"signaal": "signal", "gestart": "started"}
ORDER_LABELS = {"signaal": _l("Signaal (rood eerst)"), "gestart": _l("Nieuwste koppel eerst")}
@bp.get("/lopende-koppels")
@requires(Permission.COORDINATOR_AREA)
def live_pairs_page() -> tuple[str, int] | str:
    slug = request.args.get("sorteer", "signaal")
    error = None
    if slug not in ORDERS:
        error, slug = _("Kies bij 'Sorteren op' een waarde uit de lijst."), "signaal"
    page = min(parse_id(request.args.get("pagina")) or 1, 99_999)
    actor = current_actor()
    pairs = database().run_in_transaction(
        lambda session: live_pairs(session, actor, order=ORDERS[slug])
    )
    language = current_language()
    body = render_template(
        "coordinator/live_pairs.html",
        pairs=pairs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(pairs),
        counts={level: sum(p.health.level == level for p in pairs) for level in LEVELS},
        page=page,
        pages=max((len(pairs) + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        slug=slug,
        orders=ORDER_LABELS,
        levels=LEVELS,
        reason_text=reason_text,
        rhythm=lambda code: RHYTHM[code].label(language),
        error=error,
    )
    return (body, 400) if error else body
