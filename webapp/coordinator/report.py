"""The programme report: a region's (or the country's) figures over a period, and its CSV.

``?regio=`` chooses among the visitor's regions (another region is 404); an admin
without a region sees the national report. ``?van=`` and ``?tot=`` are dates
(jjjj-mm-dd, the date field's format, or dd-mm-jjjj); empty means the last three
months. A wrong date or period is refused with a message naming the field (400).
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher.accounts.permissions import Permission
from matcher.db.models import Region
from matcher.matches.end_reasons import END_REASON
from matcher.reports.programme import (
    RECENT_DAYS,
    Period,
    PeriodRefused,
    export_report,
    programme_report,
)
from matcher.reports.suppression import SMALL, Figure, shown
from matcher.shared import clock
from webapp.coordinator import bp
from webapp.coordinator.charts import BarChart, bar_chart
from webapp.coordinator.visible import visible_regions
from webapp.shared.access import current_actor, requires
from webapp.shared.database import database
from webapp.shared.i18n import current_language
from webapp.shared.ids import parse_id
from webapp.shared.messages import describe

FIELDS = {"van": _l("Van"), "tot": _l("Tot")}


class PeriodError(ValueError):
    """A period the visitor must correct, with the message to show."""


@bp.get("/rapportage")
@requires(Permission.COORDINATOR_AREA)
def report() -> tuple[str, int] | str:
    regions, region_id = _regions_and_choice()
    actor, error, figures = current_actor(), None, None
    try:
        period = _period()
        figures = database().run_in_transaction(
            lambda session: programme_report(session, actor, region_id, period)
        )
    except PeriodError as refused:
        error = str(refused)
    body = render_template(
        "coordinator/report.html",
        regions=regions,
        region_id="" if region_id is None else region_id,
        national=visible_regions() is None,
        first=request.args.get("van", "") if error else figures.period.first.isoformat(),
        last=request.args.get("tot", "") if error else figures.period.last.isoformat(),
        error=error,
        report=figures,
        shown=shown,
        recent_days=RECENT_DAYS,
        moments_chart=figures and _chart(
            [(_month(label), f) for label, f in figures.moments_by_month]),
        ended_chart=figures and _chart(
            [(_reason(code), f) for code, f in figures.ended_by_reason]),
    )
    return (body, 400) if error else body


@bp.get("/rapportage.csv")
@requires(Permission.EXPORT_LISTS)
def report_export() -> Response:
    _regions, region_id = _regions_and_choice()
    actor = current_actor()
    try:
        period = _period()
    except PeriodError as refused:
        return Response(str(refused), status=400, mimetype="text/plain")
    text = database().run_in_transaction(
        lambda session: export_report(session, actor, region_id, period)
    )
    where = "landelijk" if region_id is None else f"regio-{region_id}"
    name = f"koppel-rapportage-{where}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _regions_and_choice() -> tuple[list[tuple[int, str]], int | None]:
    """The regions to choose from and the chosen one (``None``: national, admins only)."""
    visible = visible_regions()
    with database().unit_of_work() as session:
        rows = session.execute(select(Region.id, Region.name).order_by(Region.name)).all()
    regions = [(r.id, r.name) for r in rows if visible is None or r.id in visible]
    asked = request.args.get("regio", "")
    if asked:
        if parse_id(asked) not in {r for r, _name in regions}:
            abort(404)
        return regions, int(asked)
    if visible is None:
        return regions, None
    if not regions:
        abort(404)
    return regions, regions[0][0]


def _period() -> Period:
    today = clock.today()
    default = Period.last_three_months(today)
    first = _date("van", default.first)
    last = _date("tot", default.last)
    try:
        return Period.checked(first, last)
    except PeriodRefused as refused:
        raise PeriodError(_("%(field)s: %(message)s", field=FIELDS[refused.field],
                            message=describe(refused))) from refused


def _date(field: str, default: date) -> date:
    raw = request.args.get(field, "").strip()
    if not raw:
        return default
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise PeriodError(_("%(field)s: vul een datum in als jjjj-mm-dd, bijvoorbeeld "
                        "2026-09-01.", field=FIELDS[field]))


def _chart(figures: list[tuple[str, Figure]]) -> BarChart:
    """Bars of counts; a hidden count ("< 5") draws no bar and says "< 5"."""
    texts = [shown(figure) for _label, figure in figures]
    values = [(label, 0 if text == SMALL else int(figure.value or 0))
              for (label, figure), text in zip(figures, texts, strict=True)]
    return bar_chart(values, texts)


def _month(label: str) -> str:
    year, month = label.split("-")
    return f"{month}-{year}"


def _reason(code: str) -> str:
    term = END_REASON.get(code)
    return term.label(current_language()) if term else _("Onbekend")
