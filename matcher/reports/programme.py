"""The programme report (item 9): how the programme did in a region, or nationally, over a period.

Every figure is one aggregate query (``COUNT``, ``AVG``, ``GROUP BY``) over the region's
schools, so the report costs the same for ten pairs or twenty thousand; only the
waiting days of the pupils matched in the period are read as numbers, for their median.
The figures, all over the period from ``first`` up to and including ``last``
(Dutch calendar days):

- requests received: pupils whose request was stored in the period;
- matched: matches that started (the volunteer accepted) in the period, and the
  median of the days their pupils had waited by then;
- active: matches live at some moment of the period; ended: matches that ended in the
  period, by reason;
- contact moments per month (reached or not);
- the share of the pairs live on the last day with a contact that reached the pupil in
  the 14 days up to it;
- the average of each check-in question, over the check-ins answered in the period.

Each figure is a :class:`~matcher.reports.suppression.Figure`; the page and the CSV
show it through :func:`~matcher.reports.suppression.shown`, so small numbers stay hidden
in both. Reading the report requires ``COORDINATOR_AREA`` on the region (the national
report, ``region_id`` ``None``, is the scope only an admin covers); exporting it
requires ``EXPORT_LISTS`` and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session

from matcher.accounts.permissions import Actor, Permission, Scope, require
from matcher.db.models import ContactMoment, Match, PairQuestionnaire, Pupil, School
from matcher.privacy import audit
from matcher.reports.safe_csv import to_csv
from matcher.reports.suppression import Figure, average, count, median_of, share, shown
from matcher.shared.clock import LOCAL_TIMEZONE
from matcher.shared.errors import RuleViolation
from matcher.shared.states import END_REASONS

RECENT_DAYS = 14
QUESTIONS = 3
CHECK_INS = ("week_4", "week_12")
# Dates a report may ask about: no earlier than Koppel's data, no later than its plans.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
MAX_YEARS = 3
CSV_HEADER = ("figuur", "onderdeel", "waarde")
UNKNOWN_REASON = "onbekend"


class PeriodRefused(RuleViolation):
    """A report period that cannot be read as given."""

    TEXTS = {
        "report_date_outside": "choose a date between {earliest} and {latest}",
        "report_period_order": "the period ends before it starts",
        "report_period_too_long": "a period lasts at most {years} years",
    }


@dataclass(frozen=True)
class Period:
    """Dutch calendar days from ``first`` up to and including ``last``."""

    first: date
    last: date

    @classmethod
    def checked(cls, first: date, last: date) -> Period:
        """The period, or :class:`PeriodRefused` naming the field (``van`` or ``tot``)."""
        for field, day in (("van", first), ("tot", last)):
            if not EARLIEST <= day <= LATEST:
                raise PeriodRefused(field, "report_date_outside", earliest=EARLIEST.year,
                                    latest=LATEST.year)
        if first > last:
            raise PeriodRefused("van", "report_period_order")
        if (last - first).days > MAX_YEARS * 366:
            raise PeriodRefused("tot", "report_period_too_long", years=MAX_YEARS)
        return cls(first, last)

    @classmethod
    def last_three_months(cls, today: date) -> Period:
        """From the same day three months ago (or the month's last day) up to today."""
        year, month = (today.year, today.month - 3) if today.month > 3 else (
            today.year - 1, today.month + 9)
        day = today.day
        while True:
            try:
                return cls(date(year, month, day), today)
            except ValueError:
                day -= 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The first moment of the period and the first moment after it, aware."""
        return (datetime.combine(self.first, time(), LOCAL_TIMEZONE),
                datetime.combine(self.last + timedelta(days=1), time(), LOCAL_TIMEZONE))

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        found, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            found.append((year, month))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return found


@dataclass(frozen=True)
class ProgrammeReport:
    """The figures of one region (``None``: the whole country) over one period."""

    region_id: int | None
    period: Period
    requests: Figure
    matched: Figure
    median_waiting_days: Figure
    active: Figure
    ended_by_reason: tuple[tuple[str, Figure], ...]
    moments_by_month: tuple[tuple[str, Figure], ...]
    reached_recently: Figure
    checkin_averages: tuple[Figure, ...]


def programme_report(
    session: Session, actor: Actor, region_id: int | None, period: Period
) -> ProgrammeReport:
    """The report of ``region_id`` (``None``: national) over ``period``."""
    require(actor, Permission.COORDINATOR_AREA)
    require(actor, Permission.COORDINATOR_AREA, Scope(region_id=region_id))
    start, end = period.bounds()
    within = _Region(region_id)
    waited = session.scalars(
        within.matches(Pupil.days_waited_before)
        .where(Match.started_at >= start, Match.started_at < end)
    ).all()
    return ProgrammeReport(
        region_id=region_id,
        period=period,
        requests=count(session.scalar(within.pupils(func.count(Pupil.id)).where(
            Pupil.created_at >= start, Pupil.created_at < end)) or 0),
        matched=count(len(waited)),
        median_waiting_days=median_of(sorted(waited)),
        active=count(session.scalar(within.matches(func.count(Match.id)).where(
            Match.started_at < end,
            (Match.ended_at.is_(None)) | (Match.ended_at >= start))) or 0),
        ended_by_reason=_ended(session, within, start, end),
        moments_by_month=_moments(session, within, period),
        reached_recently=_reached_recently(session, within, period.last),
        checkin_averages=_checkins(session, within, start, end),
    )


def export_report(
    session: Session, actor: Actor, region_id: int | None, period: Period
) -> str:
    """The report as a spreadsheet-safe CSV with the same suppressed figures; audited."""
    require(actor, Permission.EXPORT_LISTS)
    require(actor, Permission.EXPORT_LISTS, Scope(region_id=region_id))
    rows = csv_rows(programme_report(session, actor, region_id, period))
    audit.record(session, "programme_report.exported", "region", region_id,
                 actor_user_id=actor.user_id, count=len(rows))
    return to_csv(CSV_HEADER, rows)


def csv_rows(report: ProgrammeReport) -> list[tuple[str, str, str]]:
    """(figure, part, shown value) for every figure of the report."""
    rows = [
        ("aanvragen", "", shown(report.requests)),
        ("gekoppeld", "", shown(report.matched)),
        ("mediaan_wachtdagen", "", shown(report.median_waiting_days)),
        ("actief", "", shown(report.active)),
    ]
    rows += [("beeindigd", reason, shown(f)) for reason, f in report.ended_by_reason]
    rows += [("contactmomenten", month, shown(f)) for month, f in report.moments_by_month]
    rows.append((f"bereikt_laatste_{RECENT_DAYS}_dagen", "", shown(report.reached_recently)))
    rows += [("checkin_gemiddelde", f"vraag_{n}", shown(f))
             for n, f in enumerate(report.checkin_averages, start=1)]
    return rows


@dataclass(frozen=True)
class _Region:
    """Queries narrowed to one region's schools (or none: every region)."""

    region_id: int | None

    def pupils(self, *columns: Any) -> Select[Any]:
        query = select(*columns).select_from(Pupil).join(School, Pupil.school_id == School.id)
        return self._narrowed(query)

    def matches(self, *columns: Any) -> Select[Any]:
        query = (select(*columns).select_from(Match)
                 .join(Pupil, Match.pupil_id == Pupil.id)
                 .join(School, Pupil.school_id == School.id))
        return self._narrowed(query)

    def moments(self, *columns: Any) -> Select[Any]:
        # Nationally the moments need no join: the largest table is read on its own.
        query = select(*columns).select_from(ContactMoment)
        if self.region_id is None:
            return query
        return self._narrowed(query.join(Match, ContactMoment.match_id == Match.id)
                              .join(Pupil, Match.pupil_id == Pupil.id)
                              .join(School, Pupil.school_id == School.id))

    def _narrowed(self, query: Select[Any]) -> Select[Any]:
        return query if self.region_id is None else query.where(School.region_id == self.region_id)


def _ended(session: Session, within: _Region, start: datetime,
           end: datetime) -> tuple[tuple[str, Figure], ...]:
    counts = dict(session.execute(
        within.matches(Match.end_reason_code, func.count(Match.id))
        .where(Match.ended_at >= start, Match.ended_at < end)
        .group_by(Match.end_reason_code)
    ).all())
    reasons = [(code, count(counts.pop(code, 0))) for code in END_REASONS]
    unknown = sum(counts.values())
    return tuple(reasons + ([(UNKNOWN_REASON, count(unknown))] if unknown else []))


def _moments(session: Session, within: _Region, period: Period) -> tuple[tuple[str, Figure], ...]:
    year = extract("year", ContactMoment.happened_on)
    month = extract("month", ContactMoment.happened_on)
    counts = {
        (int(y), int(m)): n
        for y, m, n in session.execute(
            within.moments(year, month, func.count(ContactMoment.id))
            .where(ContactMoment.happened_on >= period.first,
                   ContactMoment.happened_on <= period.last)
            .group_by(year, month)
        )
    }
    return tuple((f"{y}-{m:02d}", count(counts.get((y, m), 0))) for y, m in period.months())


def _reached_recently(session: Session, within: _Region, last: date) -> Figure:
    """Of the pairs live at the end of ``last``, those reached in the 14 days up to it."""
    _start, end = Period(last, last).bounds()
    reached = (
        select(ContactMoment.id)
        .where(ContactMoment.match_id == Match.id, ContactMoment.reached,
               ContactMoment.happened_on > last - timedelta(days=RECENT_DAYS),
               ContactMoment.happened_on <= last)
        .exists()
    )
    live, recent = session.execute(
        within.matches(func.count(Match.id), func.sum(case((reached, 1), else_=0)))
        .where(Match.started_at < end, (Match.ended_at.is_(None)) | (Match.ended_at >= end))
    ).one()
    return share(recent or 0, live)


def _checkins(session: Session, within: _Region, start: datetime,
              end: datetime) -> tuple[Figure, ...]:
    scores = [PairQuestionnaire.scores[n].as_integer() for n in range(QUESTIONS)]
    row = session.execute(
        within.matches(func.count(PairQuestionnaire.id), *(func.avg(s) for s in scores))
        .join(PairQuestionnaire, PairQuestionnaire.match_id == Match.id)
        .where(PairQuestionnaire.kind.in_(CHECK_INS),
               PairQuestionnaire.answered_at >= start, PairQuestionnaire.answered_at < end)
    ).one()
    answered = row[0] or 0
    return tuple(average(value, answered) for value in row[1:])
