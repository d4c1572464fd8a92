"""A ``koppel.instance/1`` file as typed, validated, immutable values.

:func:`parse_instance` checks every field rule of ``shared/spec/matching.md`` and
raises :class:`InvalidInstance` naming the first offending JSON path. Unknown keys are
ignored. Beyond the spec's explicit defaults (``options``), ``locked``, ``forbidden``
and ``needs_language`` may be omitted and then mean "none"; ``location`` and
``max_distance_km`` may be omitted where the mode makes them unnecessary (when given,
they are still checked).

Weekly times are minutes after Monday 00:00, so ``tue 15:00`` is ``1 * 1440 + 900``.
"""

from __future__ import annotations

from typing import Any

from matcher.matching import instance_fields as f
from matcher.matching import instance_quick_reader as fast
from matcher.matching.instance_fields import InvalidInstance
from matcher.matching.instance_values import (
    DEFAULT_MIN_OVERLAP_MINUTES,
    Instance,
    Interval,
    Location,
    Options,
    Pair,
    PupilEntry,
    VolunteerEntry,
)
from matcher.shared.vocabulary import DAY_CODES, LEVEL_CODES, MODE_CODES, PRIORITY_CODES

__all__ = [
    "SCHEMA", "InvalidInstance", "Location", "Options", "Pair", "PupilEntry", "VolunteerEntry",
    "Instance", "parse_instance",
]

SCHEMA = "koppel.instance/1"
MINUTES_PER_DAY = 24 * 60


def parse_instance(raw: Any) -> Instance:
    """Validate a decoded ``koppel.instance/1`` document and return it as an :class:`Instance`.

    Raises :class:`InvalidInstance` (a :class:`matcher.shared.errors.BadInput`) whose text is
    ``"<json path>: <what is wrong>"``.
    """
    doc = f.obj(raw, "instance")
    schema = doc.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise InvalidInstance("schema", f'must be "{SCHEMA}"')
    options = _options(f.get(doc, "options", "", {}))
    volunteers = _people(doc, "volunteers", fast.volunteer, _volunteer)
    pupils = _people(doc, "pupils", fast.pupil, _pupil)
    locked = _pairs(doc, "locked", volunteers, pupils)
    forbidden = _pairs(doc, "forbidden", volunteers, pupils)
    _check_locked(locked, volunteers)
    _check_forbidden(forbidden, locked)
    return Instance(options, volunteers, pupils, locked, forbidden)


def _options(raw: Any) -> Options:
    doc = f.obj(raw, "options")
    return Options(
        min_overlap_minutes=f.integer(
            f.get(doc, "min_overlap_minutes", "options", DEFAULT_MIN_OVERLAP_MINUTES),
            "options.min_overlap_minutes",
            minimum=0,
        ),
        cross_region_online=f.boolean(
            f.get(doc, "cross_region_online", "options", False), "options.cross_region_online"
        ),
    )


def _people(doc: dict[str, Any], key: str, read_valid: Any, parse_one: Any) -> tuple[Any, ...]:
    # read_valid (instance_quick_reader) reads a valid person quickly and gives up on
    # anything else; parse_one then names the offending path.
    items = f.array(f.get(doc, key, ""), key)
    people = tuple(map(read_valid, items))
    if None in people:
        people = tuple(
            parse_one(f.obj(item, f.child(key, i)), f.child(key, i)) if person is None
            else person
            for i, (item, person) in enumerate(zip(items, people, strict=True))
        )
    first_seen: dict[str, int] = {}
    for i, person in enumerate(people):
        earlier = first_seen.setdefault(person.id, i)
        if earlier != i:
            raise InvalidInstance(
                f.child(f.child(key, i), "id"),
                f'duplicate id "{person.id}" (also {key}[{earlier}])',
            )
    return people


def _common(doc: dict[str, Any], path: f.JsonPath) -> dict[str, Any]:
    def read(key: str, *default: Any) -> Any:
        return f.get(doc, key, path, *default)

    person_id = f.text(read("id"), f.child(path, "id"))
    region = f.text(read("region"), f.child(path, "region"))
    mode = f.code(read("mode"), f.child(path, "mode"), MODE_CODES)
    location = read("location", None)
    if location is None and mode != "online":
        raise InvalidInstance(f.child(path, "location"), f'is required when mode is "{mode}"')
    return {
        "id": person_id,
        "region": region,
        "subjects": f.texts(read("subjects"), f.child(path, "subjects"), non_empty=True),
        "languages": tuple(dict.fromkeys(
            f.language(item, f.child(f.child(path, "languages"), i))
            for i, item in enumerate(f.array(read("languages"), f.child(path, "languages")))
        )),
        "availability": _availability(read("availability"), f.child(path, "availability")),
        "mode": mode,
        "location": None if location is None else _location(location, f.child(path, "location")),
    }


def _volunteer(doc: dict[str, Any], path: f.JsonPath) -> VolunteerEntry:
    common = _common(doc, path)
    levels_path = f.child(path, "levels")
    levels = tuple(dict.fromkeys(
        f.code(item, f.child(levels_path, i), LEVEL_CODES)
        for i, item in enumerate(f.array(f.get(doc, "levels", path), levels_path))
    ))
    distance = f.get(doc, "max_distance_km", path, None)
    if distance is None and common["mode"] != "online":
        raise InvalidInstance(
            f.child(path, "max_distance_km"), f'is required when mode is "{common["mode"]}"'
        )
    if distance is not None:
        distance = f.number(distance, f.child(path, "max_distance_km"))
        if distance <= 0:
            raise InvalidInstance(f.child(path, "max_distance_km"), "must be greater than 0")
    capacity = f.integer(f.get(doc, "capacity", path), f.child(path, "capacity"), minimum=1)
    return VolunteerEntry(levels=levels, max_distance_km=distance, capacity=capacity, **common)


def _pupil(doc: dict[str, Any], path: f.JsonPath) -> PupilEntry:
    common = _common(doc, path)
    needs = f.get(doc, "needs_language", path, None)
    needs_path = f.child(path, "needs_language")
    return PupilEntry(
        level=f.code(f.get(doc, "level", path), f.child(path, "level"), LEVEL_CODES),
        needs_language=None if needs is None else f.language(needs, needs_path),
        priority=f.code(f.get(doc, "priority", path), f.child(path, "priority"), PRIORITY_CODES),
        waiting_days=f.integer(
            f.get(doc, "waiting_days", path), f.child(path, "waiting_days"), minimum=0
        ),
        **common,
    )


def _availability(raw: Any, path: f.JsonPath) -> tuple[Interval, ...]:
    intervals = []
    for i, item in enumerate(f.array(raw, path)):
        at = f.child(path, i)
        slot = f.obj(item, at)
        day = DAY_CODES.index(f.code(f.get(slot, "day", at), f.child(at, "day"), DAY_CODES))
        start = f.clock(f.get(slot, "start", at), f.child(at, "start"), is_end=False)
        end = f.clock(f.get(slot, "end", at), f.child(at, "end"), is_end=True)
        if end <= start:
            raise InvalidInstance(f.child(at, "end"), "must be after start")
        intervals.append((day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end))
    return tuple(intervals)


def _location(raw: Any, path: f.JsonPath) -> Location:
    doc = f.obj(raw, path)
    lat = f.number(f.get(doc, "lat", path), f.child(path, "lat"))
    lon = f.number(f.get(doc, "lon", path), f.child(path, "lon"))
    if not -90 <= lat <= 90:
        raise InvalidInstance(f.child(path, "lat"), "must be between -90 and 90")
    if not -180 <= lon <= 180:
        raise InvalidInstance(f.child(path, "lon"), "must be between -180 and 180")
    return Location(lat, lon)


def _pairs(
    doc: dict[str, Any], key: str, volunteers: tuple[VolunteerEntry, ...],
    pupils: tuple[PupilEntry, ...],
) -> tuple[Pair, ...]:
    volunteer_ids = {v.id for v in volunteers}
    pupil_ids = {p.id for p in pupils}
    pairs = []
    for i, item in enumerate(f.array(f.get(doc, key, "", []), key)):
        at = f.child(key, i)
        pair = f.obj(item, at)
        volunteer = f.text(f.get(pair, "volunteer", at), f.child(at, "volunteer"))
        pupil = f.text(f.get(pair, "pupil", at), f.child(at, "pupil"))
        if volunteer not in volunteer_ids:
            raise InvalidInstance(f.child(at, "volunteer"), f'unknown volunteer id "{volunteer}"')
        if pupil not in pupil_ids:
            raise InvalidInstance(f.child(at, "pupil"), f'unknown pupil id "{pupil}"')
        pairs.append(Pair(volunteer, pupil))
    return tuple(pairs)


def _check_locked(locked: tuple[Pair, ...], volunteers: tuple[VolunteerEntry, ...]) -> None:
    capacity = {v.id: v.capacity for v in volunteers}
    pupil_at: dict[str, int] = {}
    load: dict[str, int] = {}
    for i, pair in enumerate(locked):
        earlier = pupil_at.setdefault(pair.pupil, i)
        if earlier != i:
            raise InvalidInstance(
                f"locked[{i}].pupil", f'pupil "{pair.pupil}" is already locked in locked[{earlier}]'
            )
        load[pair.volunteer] = load.get(pair.volunteer, 0) + 1
        if load[pair.volunteer] > capacity[pair.volunteer]:
            raise InvalidInstance(
                f"locked[{i}].volunteer",
                f'volunteer "{pair.volunteer}" has more locked pairs than its capacity '
                f"{capacity[pair.volunteer]}",
            )


def _check_forbidden(forbidden: tuple[Pair, ...], locked: tuple[Pair, ...]) -> None:
    locked_at = {pair: i for i, pair in enumerate(locked)}
    for i, pair in enumerate(forbidden):
        if pair in locked_at:
            raise InvalidInstance(
                f"forbidden[{i}]",
                f'pair of volunteer "{pair.volunteer}" and pupil "{pair.pupil}" is also '
                f"locked in locked[{locked_at[pair]}]",
            )
