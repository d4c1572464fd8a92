"""The rows of a run's proposals page, read with a handful of queries.

A regional run of 2,000 pupils must render on one page within a few hundred
milliseconds, so the page reads plain columns (no ORM objects, no lazy loads): one
query for the proposals with their pupil, school and volunteer, one for the names of
the alternatives, one for the unmatched pupils.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Match, MatchingRun, Pupil, Region, School, User, VolunteerProfile
from matcher.vocabulary import LEVEL, PRIORITY_CODES, SUBJECT
from webapp.coordinator.explain import Phrases


@dataclass
class Row:
    """One pupil on the page: their proposal (if any) or why they stayed unmatched."""

    pupil_id: int
    reference: str
    year_level: str
    subjects: str
    priority: str
    priority_rank: int
    match_id: int | None = None
    state: str | None = None
    volunteer: str | None = None
    sentences: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    can_decide: bool = False


def page_rows(
    session: Session, run: MatchingRun, phrases: Phrases, regions: frozenset[int] | None
) -> list[Row]:
    """Every pupil of the run the viewer may see (``regions`` ``None``: all), urgent first."""
    proposals = session.execute(
        select(
            Match.id,
            Match.state,
            Match.mode,
            Match.explanation,
            User.display_name,
            VolunteerProfile.region_id.label("volunteer_region"),
            School.region_id.label("pupil_region"),
            *_pupil_columns(),
        )
        .join(Pupil, Match.pupil_id == Pupil.id)
        .join(School, Pupil.school_id == School.id)
        .join(VolunteerProfile, Match.volunteer_id == VolunteerProfile.id)
        .join(User, VolunteerProfile.user_id == User.id)
        .where(Match.run_id == run.id)
    ).all()
    names = _names(
        session,
        {a["volunteer_id"] for p in proposals for a in p.explanation.get("alternatives", ())},
    )
    rows = []
    for p in proposals:
        if (
            regions is not None
            and p.pupil_region not in regions
            and p.volunteer_region not in regions
        ):
            continue
        row = _row(p, phrases)
        row.match_id, row.state, row.volunteer = p.id, p.state, p.display_name
        row.sentences = phrases.proposal(p.explanation, p.mode, p.priority)
        row.alternatives = [_alternative(a, names, phrases) for a in p.explanation["alternatives"]]
        row.can_decide = regions is None or p.pupil_region in regions
        rows.append(row)
    rows.extend(_unmatched(session, run, phrases, regions))
    rows.sort(key=lambda r: (r.priority_rank, r.reference))
    return rows


def _pupil_columns() -> tuple:
    return (
        Pupil.id.label("pupil_id"),
        Pupil.reference,
        Pupil.school_year,
        Pupil.level,
        Pupil.subjects,
        Pupil.priority,
    )


def _row(p, phrases: Phrases) -> Row:
    return Row(
        pupil_id=p.pupil_id,
        reference=p.reference or f"#{p.pupil_id}",
        year_level=f"{p.school_year} {phrases.label(LEVEL, p.level)}",
        subjects=phrases.labels(SUBJECT, p.subjects),
        priority=p.priority,
        priority_rank=PRIORITY_CODES.index(p.priority),
    )


def _names(session: Session, volunteer_ids: set[int]) -> dict[int, str]:
    if not volunteer_ids:
        return {}
    return dict(
        session.execute(
            select(VolunteerProfile.id, User.display_name)
            .join(User, VolunteerProfile.user_id == User.id)
            .where(VolunteerProfile.id.in_(volunteer_ids))
        ).all()
    )


def _alternative(alt: dict, names: dict[int, str], phrases: Phrases) -> str:
    mode = phrases.modes[alt["mode"]]
    where = f"{mode}, ±{alt['distance_km']} km" if alt.get("distance_km") is not None else mode
    return f"{names.get(alt['volunteer_id'], '?')} ({where}; {alt['common_minutes']} min)"


def _unmatched(
    session: Session, run: MatchingRun, phrases: Phrases, regions: frozenset[int] | None
) -> list[Row]:
    pupil_keys = (run.id_map or {}).get("pupils", {})
    reasons = {
        pupil_keys[u["pupil"]]: u.get("reason_codes", [])
        for u in (run.result or {}).get("unmatched", [])
        if u["pupil"] in pupil_keys
    }
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
        row = _row(p, phrases)
        row.can_decide = True  # within the viewer's regions: their file (and a manual match)
        row.reasons = [
            phrases.reason(r["code"], _named(r["params"], region_names))
            for r in reasons[p.pupil_id]
        ]
        rows.append(row)
    return rows


def _named(params: dict, region_names: dict[str, str]) -> dict:
    """The instance names regions by slug; people read the region's display name."""
    if "region" not in params:
        return params
    return {**params, "region": region_names.get(params["region"], params["region"])}
