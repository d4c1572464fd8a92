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

How it reads (a national run of 50,000 pupils and 20,000 volunteers builds in about a
second, ``bench/build_instance.py``): one query per table whatever the scope, only the
columns the document needs, as plain rows through the session's connection (no ORM
entities); the people of live matches who would not enter on their own in one more
query per side; the JSON columns read as text and decoded in one parse per query;
the cyclic garbage collector paused while the million small objects are made.
``pair_document`` builds the same documents from ORM objects, with the same functions.
"""

from __future__ import annotations

import gc
import secrets
from collections import Counter, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Row, Select, Text, cast, select
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
    # Plain rows through the session's connection: no ORM entities, no identity map.
    read = session.connection().execute
    slugs = dict(read(select(Region.id, Region.slug)).all())
    eligible = _by_id(read(_eligible_volunteers(region_id, policy)).all())
    waiting = _by_id(read(_waiting_pupils(region_id)).all())
    covered = schools_with_designated_contact(
        session, sorted({row.school_id for row in waiting.values()})
    )
    uncovered = [pid for pid, row in waiting.items() if row.school_id not in covered]
    pupils = {pid: row for pid, row in waiting.items() if row.school_id in covered}
    live = read(_live_matches(region_id)).all()
    volunteers = dict(eligible)
    _add_missing(session, volunteers, [v for v, _ in live], _VOLUNTEER_COLUMNS, VolunteerProfile)
    _add_missing(session, pupils, [p for _, p in live], _PUPIL_COLUMNS, Pupil)
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
    locked_pairs = set(map(tuple, live))
    locked = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]} for v, p in sorted(locked_pairs)
    ]
    forbidden = [
        {"volunteer": volunteer_key[v], "pupil": pupil_key[p]}
        for v, p in sorted(set(map(tuple, read(_refused_pairs()))))
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


def _json_text(column: Any) -> Any:
    """A JSON column read as its text, for :func:`_by_id` to decode all at once."""
    return cast(column, Text).label(column.key)


# The JSON columns come last, read as text and decoded in one parse per query.
_LISTS = frozenset({"subjects", "levels", "languages", "availability"})
_VOLUNTEER_COLUMNS = (
    VolunteerProfile.id, VolunteerProfile.region_id, VolunteerProfile.mode,
    VolunteerProfile.latitude, VolunteerProfile.longitude, VolunteerProfile.max_distance_km,
    VolunteerProfile.capacity, _json_text(VolunteerProfile.subjects),
    _json_text(VolunteerProfile.levels), _json_text(VolunteerProfile.languages),
    _json_text(VolunteerProfile.availability),
)
_PUPIL_COLUMNS = (
    Pupil.id, Pupil.school_id, School.region_id, Pupil.level, Pupil.needs_language, Pupil.mode,
    Pupil.latitude, Pupil.longitude, Pupil.priority, Pupil.waiting_since,
    Pupil.days_waited_before, _json_text(Pupil.subjects), _json_text(Pupil.languages),
    _json_text(Pupil.availability),
)


def _by_id(rows: Sequence[Row[Any]]) -> dict[int, Any]:
    """The rows by id, their trailing :data:`_LISTS` columns decoded.

    One ``orjson.loads`` over all rows' JSON texts joined into one array replaces
    three or four decoder calls per person (a quarter of a million for a national run).
    """
    if not rows:
        return {}
    fields = rows[0]._fields
    person = namedtuple("person", fields)  # type: ignore[misc]
    first = next(n for n, name in enumerate(fields) if name in _LISTS)
    lists = orjson.loads("[" + ",".join("[" + ",".join(row[first:]) + "]" for row in rows) + "]")
    return {
        row[0]: person(*row[:first], *decoded) for row, decoded in zip(rows, lists, strict=True)
    }


# Ids per IN (...) when reading the people of live matches, under PostgreSQL's limit.
_CHUNK = 5_000


def _eligible_volunteers(region_id: int | None, policy: ScreeningPolicy) -> Select[Any]:
    query = (
        select(*_VOLUNTEER_COLUMNS)
        .where(eligible_for_matching(policy, today()))
        .order_by(VolunteerProfile.id)
    )
    return query if region_id is None else query.where(VolunteerProfile.region_id == region_id)


def _waiting_pupils(region_id: int | None) -> Select[Any]:
    has_live = select(Match.id).where(
        Match.pupil_id == Pupil.id, Match.state.in_(LIVE_MATCH_STATES)
    ).exists()
    query = (
        select(*_PUPIL_COLUMNS)
        .join(School, Pupil.school_id == School.id)
        .where(Pupil.state.in_(WAITING_STATES), Pupil.anonymised_at.is_(None), ~has_live)
        .order_by(Pupil.id)
    )
    return query if region_id is None else query.where(School.region_id == region_id)


def _add_missing(
    session: Session, rows: dict[int, Any], ids: list[int], columns: tuple[Any, ...], model: Any
) -> None:
    """Add the rows of ``ids`` not in ``rows`` yet (people of live matches), in the order
    of ``ids``: one query per chunk instead of one per person."""
    missing = list(dict.fromkeys(i for i in ids if i not in rows))
    found: dict[int, Any] = {}
    for start in range(0, len(missing), _CHUNK):
        query = select(*columns).where(model.id.in_(missing[start : start + _CHUNK]))
        if model is Pupil:
            query = query.join(School, Pupil.school_id == School.id)
        found.update(_by_id(session.connection().execute(query).all()))
    rows.update((i, found[i]) for i in missing)


def _live_matches(region_id: int | None) -> Select[tuple[int, int]]:
    query = (
        select(Match.volunteer_id, Match.pupil_id)
        .where(Match.state.in_(LIVE_MATCH_STATES))
        .order_by(Match.id)
    )
    if region_id is None:
        return query
    pupil_here = select(Pupil.id).join(School).where(School.region_id == region_id)
    volunteer_here = select(VolunteerProfile.id).where(VolunteerProfile.region_id == region_id)
    return query.where(Match.pupil_id.in_(pupil_here) | Match.volunteer_id.in_(volunteer_here))


def _refused_pairs() -> Select[tuple[int, int]]:
    return select(Match.volunteer_id, Match.pupil_id).where(Match.state.in_(REFUSED_STATES))


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
