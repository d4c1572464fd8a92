"""Build a ``koppel.instance/1`` from the database, for one region or the whole country.

Who is in it:

* volunteers eligible for matching (:mod:`matcher.matching.eligibility`: approved, a VOG
  that counts today under ``policy``, an active account and a region), the
  region's or everyone's for a national run;
* pupils waiting for a buddy (state ``waiting`` or ``proposed``) without an approved
  or active match, whose school has a designated contact (aandachtsfunctionaris) who
  can receive a concern about them; the others are left out, and the run says why
  (:attr:`BuiltInstance.left_out`);
* every approved or active match touching those regions as a ``locked`` pair, with
  both people in it even when they would not enter on their own (a volunteer who has
  since paused or whose VOG expired gets a capacity equal to their locked pairs, so
  nothing new is added; a volunteer whose capacity was lowered below their live
  matches gets a capacity equal to those);
* every rejected or declined pair as ``forbidden``, unless it names someone not in
  the instance or is locked (a coordinator may have matched it by hand since).

People get random ids per run (``v-…``/``p-…``), so a downloaded instance names no one
and cannot be linked to another run; :class:`BuiltInstance` maps them back.

The rows come from :mod:`matcher.matching.instance_rows` (one query per table, plain
rows, no ORM entities); the documents are made here, with the cyclic garbage collector
paused while the million small objects of a national run are made (50,000 pupils and
20,000 volunteers build in about a second, ``bench/build_instance.py``).
``pair_document`` builds the same documents from ORM objects, with the same functions.
"""

from __future__ import annotations

import gc
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.db.models import Pupil, Region, VolunteerProfile
from matcher.matching import instance_rows as rows
from matcher.matching.instance import SCHEMA
from matcher.matching.instance_rows import REFUSED_STATES as REFUSED_STATES
from matcher.matching.instance_rows import WAITING_STATES as WAITING_STATES
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.organisation.designated_contacts import schools_with_designated_contact
from matcher.shared.clock import today
from matcher.shared.weekly_slots import clock_text

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
    """Read the people, locked and forbidden pairs for ``region_id`` (``None``: national).

    One query per table, reading only the columns the document needs (rows, not
    entities), so a national run of tens of thousands of people builds in about a second.
    """
    with _collector_paused():
        return _build(session, region_id=region_id, now=now, options=options, policy=policy)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the document is built.

    A national instance is about a million small lists and dicts without cycles;
    the collector would walk the growing heap again and again as they are made,
    which took half of the build's time. Reference counting frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    session: Session,
    *,
    region_id: int | None,
    now: datetime,
    options: dict[str, Any],
    policy: ScreeningPolicy,
) -> BuiltInstance:
    connection = session.connection()
    slugs = dict(connection.execute(select(Region.id, Region.slug)).all())
    eligible = rows.eligible_volunteers(connection, region_id, policy, today())
    waiting = rows.waiting_pupils(connection, region_id)
    covered = schools_with_designated_contact(
        session, sorted({row.school_id for row in waiting.values()})
    )
    uncovered = [pid for pid, row in waiting.items() if row.school_id not in covered]
    pupils = {pid: row for pid, row in waiting.items() if row.school_id in covered}
    live = rows.live_pairs(connection, region_id)
    volunteers = dict(eligible)
    rows.add_volunteers(connection, volunteers, [v for v, _ in live])
    rows.add_pupils(connection, pupils, [p for _, p in live])
    locked_count = Counter(v for v, _ in live)
    locked_pupils = {p for _, p in live}

    volunteer_key = _opaque_ids("v", volunteers)
    pupil_key = _opaque_ids("p", pupils)
    vol_docs = [
        _volunteer(v, volunteer_key[vid], slugs, locked_count[vid], vid in eligible)
        for vid, v in volunteers.items()
    ]
    pupil_docs = [
        _pupil(p, pupil_key[pid], slugs.get(p.region_id, UNKNOWN_REGION),
               Pupil.waiting_days(p, now), locked=pid in locked_pupils)
        for pid, p in pupils.items()
    ]
    usable_vols = {doc["id"] for doc in vol_docs if doc is not None}
    usable_pupils = {doc["id"] for doc in pupil_docs if doc is not None}
    locked_pairs = set(live)
    locked = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]} for v, p in sorted(locked_pairs)
    ]
    forbidden = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]}
        for v, p in sorted(rows.refused_pairs(connection))
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


def _opaque_ids(prefix: str, ids: Iterable[int]) -> dict[int, str]:
    """A random ``prefix-`` key of ten hex digits per id, all different (one draw)."""
    ids = list(ids)
    noise = secrets.token_hex(5 * len(ids))
    keys = {db_id: f"{prefix}-{noise[10 * n : 10 * n + 10]}" for n, db_id in enumerate(ids)}
    taken = set(keys.values())
    if len(taken) < len(keys):
        seen: set[str] = set()
        for db_id, key in keys.items():
            while key in seen:
                key = f"{prefix}-{secrets.token_hex(5)}"
            seen.add(key)
            keys[db_id] = key
    return keys


def _volunteer(
    v: Any, key: str, slugs: dict[int, str], locked: int, eligible: bool
) -> dict[str, Any] | None:
    """The document of a volunteer (a profile or a row of :data:`_VOLUNTEER_COLUMNS`)."""
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
    p: Any, key: str, region: str, waiting_days: int, *, locked: bool
) -> dict[str, Any] | None:
    """The document of a pupil (a :class:`Pupil` or a row of :data:`_PUPIL_COLUMNS`)."""
    meeting = _meeting(p.mode, p.latitude, p.longitude, None, needs_distance=False)
    if (meeting is None or not p.subjects) and not locked:
        return None
    mode, location, _ = meeting or ("online", None, None)
    return {
        "id": key,
        "region": region,
        "subjects": list(p.subjects),
        "level": p.level,
        "languages": list(p.languages),
        "needs_language": p.needs_language,
        "availability": _availability(p.availability),
        "mode": mode,
        "location": location,
        "priority": p.priority,
        "waiting_days": waiting_days,
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


# "HH:MM" of every minute of the day, so a national instance's slots need no formatting.
_CLOCK = tuple(clock_text(minutes) for minutes in range(24 * 60 + 1))


def _availability(slots: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"day": s["day"], "start": _CLOCK[s["start"]], "end": _CLOCK[s["end"]]}
        for s in slots
        if s["end"] > s["start"]
    ]


def pair_document(
    session: Session,
    volunteer: VolunteerProfile,
    pupil: Pupil,
    *,
    now: datetime,
    options: dict[str, Any],
) -> dict[str, Any] | None:
    """A one-volunteer, one-pupil instance of the pair as the data stands now.

    Approval runs it through the core to re-check the hard rules; ``None`` when one
    of them cannot meet anyone at all (in person only, with no known place).
    """
    slugs = dict(session.execute(select(Region.id, Region.slug)).all())
    vol_doc = _volunteer(volunteer, "v-1", slugs, 0, eligible=True)
    pupil_doc = _pupil(pupil, "p-1", slugs.get(pupil.school.region_id, UNKNOWN_REGION),
                       pupil.waiting_days(now), locked=False)
    if vol_doc is None or pupil_doc is None:
        return None
    return {"schema": SCHEMA, "options": options, "volunteers": [{**vol_doc, "capacity": 1}],
            "pupils": [pupil_doc]}
