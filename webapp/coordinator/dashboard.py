"""The region's dashboard: volunteers, waiting pupils, matches, runs and what to recruit for."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from matcher.accounts import absences
from matcher.accounts.permissions import Permission, can
from matcher.db.models import Region
from matcher.reports.dashboard import region_figures
from matcher.shared.vocabulary import LEVEL, SUBJECT
from webapp.coordinator import bp
from webapp.coordinator.charts import bar_chart
from webapp.coordinator.labels import MATCH_STATES, SCREENING_STATES
from webapp.coordinator.visible import chosen_region, screening_policy, visible_regions
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language


@bp.get("/overzicht")
@requires(Permission.COORDINATOR_AREA)
def dashboard() -> str:
    with database().unit_of_work() as session:
        regions = session.execute(select(Region.id, Region.name).order_by(Region.name)).all()
        region_id = chosen_region([r.id for r in regions])
        figures = region_figures(session, current_actor(), region_id, screening_policy())
        covering = (
            absences.handovers(session, current_actor())
            if can(current_actor(), Permission.RECORD_ABSENCE) else []
        )
        session.commit()
    visible = visible_regions()
    language = current_language()
    waiting_labels = [
        _("%(first)s–%(last)s dagen", first=b.first, last=b.last)
        if b.last is not None
        else _("meer dan %(days)s dagen", days=b.first - 1)
        for b in figures.waiting
    ]
    return render_template(
        "coordinator/dashboard.html",
        covering=covering,
        regions=[r for r in regions if visible is None or r.id in visible],
        region_id=region_id,
        figures=figures,
        volunteer_chart=bar_chart(
            [(str(SCREENING_STATES[s]), n) for s, n in figures.volunteers_by_state.items()]
        ),
        waiting_chart=bar_chart(
            list(zip(waiting_labels, [b.count for b in figures.waiting], strict=True))
        ),
        match_chart=bar_chart(
            [(str(MATCH_STATES[s]), n) for s, n in figures.matches_by_state.items()]
        ),
        subject=lambda code: SUBJECT[code].label(language) if code in SUBJECT else code,
        level=lambda code: LEVEL[code].label(language) if code in LEVEL else code,
    )
