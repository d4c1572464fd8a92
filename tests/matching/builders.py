"""Small valid ``koppel.instance/1`` dicts that tests change one field at a time."""

from __future__ import annotations

import copy
from typing import Any

UTRECHT = {"lat": 52.0907, "lon": 5.1214}


def volunteer(ident: str = "v-1", **changes: Any) -> dict[str, Any]:
    """A volunteer free on Monday 15:00–17:00 for wiskunde at havo, in Utrecht."""
    doc = {
        "id": ident, "region": "utrecht", "subjects": ["wiskunde"], "levels": ["havo"],
        "languages": ["nl"], "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
        "mode": "both", "location": dict(UTRECHT), "max_distance_km": 10, "capacity": 1,
    }
    doc.update(changes)
    return doc


def pupil(ident: str = "p-1", **changes: Any) -> dict[str, Any]:
    """A havo pupil wanting wiskunde online on Monday 15:00–17:00, in Utrecht."""
    doc = {
        "id": ident, "region": "utrecht", "subjects": ["wiskunde"], "level": "havo",
        "languages": ["nl"], "needs_language": None,
        "availability": [{"day": "mon", "start": "15:00", "end": "17:00"}],
        "mode": "online", "location": None, "priority": "normal", "waiting_days": 0,
    }
    doc.update(changes)
    return doc


def instance(
    volunteers: list[dict] | None = None, pupils: list[dict] | None = None, **changes: Any
) -> dict[str, Any]:
    """An instance of the given people (one volunteer, one pupil by default)."""
    doc = {
        "schema": "koppel.instance/1",
        "options": {"min_overlap_minutes": 60, "cross_region_online": False},
        "volunteers": [volunteer()] if volunteers is None else volunteers,
        "pupils": [pupil()] if pupils is None else pupils,
        "locked": [],
        "forbidden": [],
    }
    doc.update(changes)
    return copy.deepcopy(doc)


def slot(day: str, start: str, end: str) -> dict[str, str]:
    """One availability interval."""
    return {"day": day, "start": start, "end": end}
