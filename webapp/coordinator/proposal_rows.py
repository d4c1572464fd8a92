"""The rows of a run's proposals page, read with a handful of queries.

A regional run of 2,000 pupils must render on one page within a few hundred
milliseconds (``bench/proposals_page.py``), so the page reads plain columns (no ORM
objects, no lazy loads) with one query for the proposals with their pupil, school
and volunteer, one for the volunteers' names, one for the unmatched pupils (whose
reasons the run keeps beside its progress, so the packed result stays unread).

Every text a row shows is finished and HTML-escaped here (fields ending in
``_html``): the template prints 2,000 rows without autoescaping, because escaping
some 30,000 values there cost more than building the rows, and each escaped value
was an object the garbage collector had to walk while the page was rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Match, MatchingRun, Pupil, Region, School, User, VolunteerProfile
from matcher.shared.vocabulary import LEVEL, PRIORITY_CODES, SUBJECT
from webapp.coordinator.explain import Phrases

PRIORITY_RANK = {code: rank for rank, code in enumerate(PRIORITY_CODES)}


@dataclass(slots=True)
class Row:
    """One pupil on the page: their proposal (if any) or why they stayed unmatched.

    ``reference`` is the raw text (for searching and sorting); every ``*_html`` field
    is escaped text, ready to print as it is.
    """

    pupil_id: int
    reference: str
    reference_html: str
    pupil_line_html: str
    priority: str
    priority_label_html: str
    match_id: int | None = None
    state: str | None = None
    state_label_html: str = ""
    volunteer_html: str = ""
    why_html: str = ""
    alternatives_html: str = ""
    can_decide: bool = False
    decidable: bool = False

    def sort_key(self) -> tuple[int, str]:
        """Most urgent first, then by reference."""
        return PRIORITY_RANK[self.priority], self.reference


def page_rows(
    session: Session, run: MatchingRun, phrases: Phrases, regions: frozenset[int] | None
) -> list[Row]:
    """Every pupil of the run the viewer may see (``regions`` ``None``: all), urgent first."""
    query = (
        select(
            Match.id,
            Match.state,
            Match.mode,
            Match.explanation,
            User.display_name,
            School.region_id.label("pupil_region"),
            *_pupil_columns(),
        )
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(Match.run_id == run.id)
    )
    if regions is not None:
        query = query.where(
            School.region_id.in_(regions) | VolunteerProfile.region_id.in_(regions)
        )
    texts = _Texts(phrases, _names(session, run))
    rows = []
    # Row by row from the cursor: each explanation is decoded, turned into text and
    # dropped, so 2,000 decoded explanations never live at once.
    for p in session.connection().execute(query):
        row = texts.row(p)
        row.match_id, row.state = p.id, p.state
        row.state_label_html = texts.state(p.state)
        row.volunteer_html = escape(p.display_name or "")
        # Retention empties the explanation of a match long finished: nothing to explain.
        if p.explanation:
            row.why_html = escape(" ".join(phrases.proposal(p.explanation, p.mode, p.priority)))
            row.alternatives_html = escape(
                "; ".join(texts.alternative(a) for a in p.explanation["alternatives"])
            )
        row.can_decide = regions is None or p.pupil_region in regions
        row.decidable = row.can_decide and p.state == "proposed"
        rows.append(row)
    rows.extend(_unmatched(session, run, texts, regions))
    rows.sort(key=Row.sort_key)
    return rows


class _Texts:
    """Per request: the phrases, the volunteers' names and escaped labels, each made once."""

    def __init__(self, phrases: Phrases, names: dict[int, str]) -> None:
        self.phrases, self.names = phrases, names
        self._escaped: dict[str, str] = {}

    def row(self, p) -> Row:
        """A row with the pupil's columns of ``p`` filled in."""
        phrases = self.phrases
        return Row(
            pupil_id=p.pupil_id,
            reference=p.reference or f"#{p.pupil_id}",
            reference_html=escape(p.reference or f"#{p.pupil_id}"),
            pupil_line_html=escape(
                f"{p.school_year} {phrases.label(LEVEL, p.level)} · "
                f"{phrases.labels(SUBJECT, p.subjects)}"
            ),
            priority=p.priority,
            priority_label_html=self._once(phrases.priorities[p.priority]),
        )

    def state(self, code: str) -> str:
        """The escaped label of a match state."""
        return self._once(self.phrases.states[code])

    def alternative(self, alt: dict) -> str:
        """One next-best volunteer: name, how they would meet, common minutes."""
        mode = self.phrases.modes[alt["mode"]]
        km = alt.get("distance_km")
        where = f"{mode}, ±{self.phrases.number(km)} km" if km is not None else mode
        return f"{self.names.get(alt['volunteer_id'], '?')} ({where}; {alt['common_minutes']} min)"

    def _once(self, text: str) -> str:
        escaped = self._escaped.get(text)
        if escaped is None:
            escaped = self._escaped[text] = escape(text)
        return escaped


def _pupil_columns() -> tuple:
    return (
        Pupil.id.label("pupil_id"),
        Pupil.reference,
        Pupil.school_year,
        Pupil.level,
        Pupil.subjects,
        Pupil.priority,
    )


def _names(session: Session, run: MatchingRun) -> dict[int, str]:
    """The names of the run's volunteers, for the alternatives.

    Read by region rather than by the run's 1,500 ids: an ``IN`` list that long cost
    more to compile and send than the names themselves. Volunteers from elsewhere (in
    a pair locked by a national run) are looked up by id.
    """
    query = select(VolunteerProfile.id, User.display_name).join(
        User, VolunteerProfile.user_id == User.id
    )
    in_run = (run.id_map or {}).get("volunteers", {}).values()
    if run.region_id is None:
        return dict(session.execute(query).all())
    names = dict(session.execute(query.where(VolunteerProfile.region_id == run.region_id)).all())
    if missing := set(in_run) - names.keys():
        names.update(session.execute(query.where(VolunteerProfile.id.in_(missing))).all())
    return names


def _unmatched(
    session: Session, run: MatchingRun, texts: _Texts, regions: frozenset[int] | None
) -> list[Row]:
    reasons = _unmatched_reasons(session, run)
    if not reasons:
        return []
    found = session.execute(
        select(School.region_id, *_pupil_columns())
        .join(School, Pupil.school_id == School.id)
        .where(Pupil.id.in_(reasons))
    ).all()
    region_names = dict(session.execute(select(Region.slug, Region.name)).all())
    rows = []
    for p in found:
        if regions is not None and p.region_id not in regions:
            continue
        row = texts.row(p)
        row.can_decide = True  # within the viewer's regions: their file (and a manual match)
        row.why_html = escape(" ".join(
            texts.phrases.reason(r["code"], _named(r["params"], region_names))
            for r in reasons[p.pupil_id]
        ))
        rows.append(row)
    return rows


def _unmatched_reasons(session: Session, run: MatchingRun) -> dict[int, list]:
    """Each unmatched pupil's reason codes, by pupil id.

    A run keeps them beside its progress (``matching/run_storage.py``); a run stored
    before that has them only in its result, which is packed and read whole.
    """
    if "unmatched" in run.progress:
        return {pupil_id: codes for pupil_id, codes in run.progress["unmatched"]}
    pupil_keys = (run.id_map or {}).get("pupils", {})
    result = session.scalar(select(MatchingRun.result).where(MatchingRun.id == run.id))
    return {
        pupil_keys[u["pupil"]]: u.get("reason_codes", [])
        for u in (result or {}).get("unmatched") or ()
        if u["pupil"] in pupil_keys
    }


def _named(params: dict, region_names: dict[str, str]) -> dict:
    """The instance names regions by slug; people read the region's display name."""
    if "region" not in params:
        return params
    return {**params, "region": region_names.get(params["region"], params["region"])}
