"""The instance builder as it was before it read columns instead of entities (tests only).

Kept verbatim as the oracle the faster builder must agree with, document for
document once the random ids are mapped back to database ids.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from matcher.db.models import Match, Pupil, Region, School, VolunteerProfile
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.instance import SCHEMA
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.organisation.designated_contacts import schools_with_designated_contact
from matcher.shared.clock import today
from matcher.shared.states import LIVE_MATCH_STATES
from matcher.shared.weekly_slots import clock_text

WAITING_STATES = ("waiting", "proposed")
# A pair a coordinator rejected or a volunteer declined is never proposed again.
REFUSED_STATES = ("rejected", "declined")
UNKNOWN_REGION = "onbekend"


@dataclass(frozen=True)
class BuiltInstance:
    """The instance document and its opaque ids mapped to database ids.

    ``left_out`` maps the opaque ids of waiting pupils kept out of the instance because
    their school has no designated contact to their database ids.
    """

    document: dict[str, Any]
    volunteers: dict[str, int]
    pupils: dict[str, int]
    left_out: dict[str, int]

    def id_map(self) -> dict[str, dict[str, int]]:
        """The mapping as stored on the run (JSON-ready)."""
        return {"volunteers": self.volunteers, "pupils": {**self.pupils, **self.left_out}}


def build_instance(
    session: Session,
    *,
    region_id: int | None,
    now: datetime,
    options: dict[str, Any],
    policy: ScreeningPolicy,
) -> BuiltInstance:
    """Read the people, locked and forbidden pairs for ``region_id`` (``None``: national)."""
    slugs = dict(session.execute(select(Region.id, Region.slug)).all())
    eligible = {v.id: v for v in session.scalars(
        _eligible_volunteers(region_id, policy)
    )}
    pupils = {p.id: p for p in session.scalars(_waiting_pupils(region_id))}
    covered = schools_with_designated_contact(session, [p.school_id for p in pupils.values()])
    uncovered = {pid: p for pid, p in pupils.items() if p.school_id not in covered}
    pupils = {pid: p for pid, p in pupils.items() if pid not in uncovered}
    live = list(session.scalars(_live_matches(region_id)))
    volunteers = dict(eligible)
    for match in live:
        volunteers.setdefault(match.volunteer_id, match.volunteer)
        pupils.setdefault(match.pupil_id, match.pupil)
    locked_count: dict[int, int] = {}
    for match in live:
        locked_count[match.volunteer_id] = locked_count.get(match.volunteer_id, 0) + 1

    volunteer_key = _opaque_ids("v", volunteers)
    pupil_key = _opaque_ids("p", pupils)
    vol_docs = [
        _volunteer(v, volunteer_key[v.id], slugs, locked_count.get(v.id, 0), v.id in eligible)
        for v in volunteers.values()
    ]
    locked_pupils = {m.pupil_id for m in live}
    pupil_docs = [
        _pupil(p, pupil_key[p.id], slugs, now, locked=p.id in locked_pupils)
        for p in pupils.values()
    ]
    usable_vols = {doc["id"] for doc in vol_docs if doc is not None}
    usable_pupils = {doc["id"] for doc in pupil_docs if doc is not None}
    locked_pairs = {(m.volunteer_id, m.pupil_id) for m in live}
    locked = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]} for v, p in sorted(locked_pairs)
    ]
    forbidden = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]}
        for v, p in sorted({(v, p) for v, p in session.execute(_refused_pairs())})
        if v in volunteer_key and p in pupil_key and (v, p) not in locked_pairs
        and volunteer_key[v] in usable_vols and pupil_key[p] in usable_pupils
    ]
    document = {
        "schema": SCHEMA,
        "options": options,
        "volunteers": [doc for doc in vol_docs if doc is not None],
        "pupils": [doc for doc in pupil_docs if doc is not None],
        "locked": locked,
        "forbidden": forbidden,
    }
    return BuiltInstance(
        document,
        {key: db_id for db_id, key in volunteer_key.items() if key in usable_vols},
        {key: db_id for db_id, key in pupil_key.items() if key in usable_pupils},
        {key: db_id for db_id, key in _opaque_ids("p", uncovered).items()},
    )


def _eligible_volunteers(
    region_id: int | None, policy: ScreeningPolicy
) -> Select[tuple[VolunteerProfile]]:
    query = (
        select(VolunteerProfile)
        .where(eligible_for_matching(policy, today()))
        .order_by(VolunteerProfile.id)
    )
    return query if region_id is None else query.where(VolunteerProfile.region_id == region_id)


def _waiting_pupils(region_id: int | None) -> Select[tuple[Pupil]]:
    has_live = select(Match.id).where(
        Match.pupil_id == Pupil.id, Match.state.in_(LIVE_MATCH_STATES)
    ).exists()
    query = (
        select(Pupil)
        .join(School, Pupil.school_id == School.id)
        .where(Pupil.state.in_(WAITING_STATES), Pupil.anonymised_at.is_(None), ~has_live)
        .order_by(Pupil.id)
    )
    return query if region_id is None else query.where(School.region_id == region_id)


def _live_matches(region_id: int | None) -> Select[tuple[Match]]:
    query = select(Match).where(Match.state.in_(LIVE_MATCH_STATES)).order_by(Match.id)
    if region_id is None:
        return query
    pupil_here = select(Pupil.id).join(School).where(School.region_id == region_id)
    volunteer_here = select(VolunteerProfile.id).where(VolunteerProfile.region_id == region_id)
    return query.where(Match.pupil_id.in_(pupil_here) | Match.volunteer_id.in_(volunteer_here))


def _refused_pairs() -> Select[tuple[int, int]]:
    return select(Match.volunteer_id, Match.pupil_id).where(Match.state.in_(REFUSED_STATES))


def _opaque_ids(prefix: str, rows: dict[int, Any]) -> dict[int, str]:
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for db_id in rows:
        key = f"{prefix}-{secrets.token_hex(5)}"
        while key in taken:
            key = f"{prefix}-{secrets.token_hex(5)}"
        taken.add(key)
        keys[db_id] = key
    return keys


def _volunteer(
    v: VolunteerProfile, key: str, slugs: dict[int, str], locked: int, eligible: bool
) -> dict[str, Any] | None:
    meeting = _meeting(v.mode, v.latitude, v.longitude, v.max_distance_km, needs_distance=True)
    if (meeting is None or not v.subjects) and not locked:
        return None
    mode, location, max_km = meeting or ("online", None, None)
    doc = {
        "id": key,
        "region": slugs.get(v.region_id, UNKNOWN_REGION) if v.region_id else UNKNOWN_REGION,
        "subjects": list(v.subjects),
        "levels": list(v.levels),
        "languages": list(v.languages),
        "availability": _availability(v.availability),
        "mode": mode,
        "location": location,
        # Someone only here for their locked pairs gets exactly those; an eligible
        # volunteer never less than the buddies they already have.
        "capacity": max(v.capacity, locked) if eligible else locked,
    }
    if max_km is not None:
        doc["max_distance_km"] = max_km
    return doc


def _pupil(
    p: Pupil, key: str, slugs: dict[int, str], now: datetime, *, locked: bool
) -> dict[str, Any] | None:
    meeting = _meeting(p.mode, p.latitude, p.longitude, None, needs_distance=False)
    if (meeting is None or not p.subjects) and not locked:
        return None
    mode, location, _ = meeting or ("online", None, None)
    return {
        "id": key,
        "region": slugs.get(p.school.region_id, UNKNOWN_REGION),
        "subjects": list(p.subjects),
        "level": p.level,
        "languages": list(p.languages),
        "needs_language": p.needs_language,
        "availability": _availability(p.availability),
        "mode": mode,
        "location": location,
        "priority": p.priority,
        "waiting_days": p.waiting_days(now),
    }


def _meeting(
    mode: str, lat: float | None, lon: float | None, max_km: float | None, *, needs_distance: bool
) -> tuple[str, dict[str, float] | None, float | None] | None:
    """How someone can meet, given what is known: no place means online only.

    ``None`` when they want to meet in person only and no place is known (nobody can
    meet them).
    """
    placed = lat is not None and lon is not None and (max_km or not needs_distance)
    if placed:
        return mode, {"lat": lat, "lon": lon}, max_km if mode != "online" else None
    if mode == "in_person":
        return None
    return "online", None, None


def _availability(slots: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"day": s["day"], "start": clock_text(s["start"]), "end": clock_text(s["end"])}
        for s in slots
        if s["end"] > s["start"]
    ]
