"""The rows a run's instance is built from: who may enter, and the pairs already decided.

One query per table whatever the scope, only the columns the document needs, as plain
rows through the session's connection (no ORM entities, no identity map): rows of
:data:`_VOLUNTEER_COLUMNS` and :data:`_PUPIL_COLUMNS`, by database id. The JSON
columns are read as text and decoded in one parse per query. Used by
:mod:`matcher.matching.instance_builder`, which says who enters and why.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, Row, Select, Text, cast, select

from matcher.db.models import Match, Pupil, School, VolunteerProfile
from matcher.matching.eligibility import eligible_for_matching
from matcher.matching.vog_validity import ScreeningPolicy
from matcher.shared.states import LIVE_MATCH_STATES

WAITING_STATES = ("waiting", "proposed")
# A pair a coordinator rejected or a volunteer declined is never proposed again.
REFUSED_STATES = ("rejected", "declined")


def eligible_volunteers(
    connection: Connection, region_id: int | None, policy: ScreeningPolicy, day: date
) -> dict[int, Any]:
    """The volunteers who may be matched on ``day``, of the region (``None``: all), by id."""
    return _by_id(connection.execute(_eligible_query(region_id, policy, day)).all())


def waiting_pupils(connection: Connection, region_id: int | None) -> dict[int, Any]:
    """Pupils waiting without an approved or active match, of the region, by id."""
    return _by_id(connection.execute(_waiting_query(region_id)).all())


def live_pairs(connection: Connection, region_id: int | None) -> list[tuple[int, int]]:
    """(volunteer id, pupil id) of every approved or active match touching the region,
    in the order of the matches."""
    return [(v, p) for v, p in connection.execute(_live_query(region_id))]


def refused_pairs(connection: Connection) -> set[tuple[int, int]]:
    """(volunteer id, pupil id) of every rejected or declined pair."""
    query = select(Match.volunteer_id, Match.pupil_id).where(Match.state.in_(REFUSED_STATES))
    return {(v, p) for v, p in connection.execute(query)}


def add_volunteers(connection: Connection, rows: dict[int, Any], ids: list[int]) -> None:
    """Add the volunteers of ``ids`` missing from ``rows``, in the order of ``ids``."""
    _add_missing(connection, rows, ids, _VOLUNTEER_COLUMNS, VolunteerProfile)


def add_pupils(connection: Connection, rows: dict[int, Any], ids: list[int]) -> None:
    """Add the pupils of ``ids`` missing from ``rows``, in the order of ``ids``."""
    _add_missing(connection, rows, ids, _PUPIL_COLUMNS, Pupil)


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


def _eligible_query(region_id: int | None, policy: ScreeningPolicy, day: date) -> Select[Any]:
    query = (
        select(*_VOLUNTEER_COLUMNS)
        .where(eligible_for_matching(policy, day))
        .order_by(VolunteerProfile.id)
    )
    return query if region_id is None else query.where(VolunteerProfile.region_id == region_id)


def _waiting_query(region_id: int | None) -> Select[Any]:
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
    connection: Connection,
    rows: dict[int, Any],
    ids: list[int],
    columns: tuple[Any, ...],
    model: Any,
) -> None:
    """Add the rows of ``ids`` not in ``rows`` yet (people of live matches), in the order
    of ``ids``: one query per chunk instead of one per person."""
    missing = list(dict.fromkeys(i for i in ids if i not in rows))
    found: dict[int, Any] = {}
    for start in range(0, len(missing), _CHUNK):
        query = select(*columns).where(model.id.in_(missing[start : start + _CHUNK]))
        if model is Pupil:
            query = query.join(School, Pupil.school_id == School.id)
        found.update(_by_id(connection.execute(query).all()))
    rows.update((i, found[i]) for i in missing)


def _live_query(region_id: int | None) -> Select[tuple[int, int]]:
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
