"""The shapes of API bodies, and which inventory column each response field shows.

Request schemas check types only (a string, a list, true or false); what a value
means is judged by :mod:`matcher.requests.rules`, the rules the school's form and
the CSV import use, so a field left out gets the form's message, not a generic one.
Unknown fields are refused.

:data:`FIELD_COLUMNS` names, for every field a response can hold, the data-inventory
column it shows (``table.column``); a test walks the OpenAPI document and fails on a
field without one, or on a column whose audience lacks a role that may call it.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields

# A field that holds nobody's data: an opaque position in a list (an offset).
NO_ONES_DATA = "(position in a list)"
_SUMMARY = {
    "id": "pupils.id",
    "reference": "pupils.reference",
    "school_year": "pupils.school_year",
    "level": "pupils.level",
    "priority": "pupils.priority",
    "state": "pupils.state",
    # Days since waiting_since (plus earlier waits): what the school's list shows.
    "waiting_days": "pupils.waiting_since",
    "created_at": "pupils.created_at",
}
FIELD_COLUMNS: dict[str, dict[str, str | None]] = {
    "RequestSummary": _SUMMARY,
    "Request": {
        **_SUMMARY,
        "subjects": "pupils.subjects",
        "needs": "pupils.needs",
        "languages": "pupils.languages",
        "needs_language": "pupils.needs_language",
        "availability": None,
        "mode": "pupils.mode",
        "postcode": "pupils.pc4",
    },
    "Slot": {
        "day": "pupils.availability",
        "start": "pupils.availability",
        "end": "pupils.availability",
    },
    "RequestPage": {"items": None, "next_cursor": "pupils.id"},
    "BulkCreated": {"ids": "pupils.id"},
    "School": {"id": "schools.id", "name": "schools.name"},
    "Me": {"schools": None, "regions": None},
    "Region": {"id": "regions.id", "name": "regions.name"},
    "WaitingPupil": {
        "id": "pupils.id",
        "reference": "pupils.reference",
        "school": "schools.name",
        "school_year": "pupils.school_year",
        "level": "pupils.level",
        "subjects": "pupils.subjects",
        "priority": "pupils.priority",
        "state": "pupils.state",
        "waiting_days": "pupils.waiting_since",
    },
    "WaitingPage": {"items": None, "next_cursor": NO_ONES_DATA},
}
# A field mapped to None holds other schemas (a list of them), which are checked in turn.


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class SlotIn(_Strict):
    """One weekly slot as the form sends it."""

    day = fields.String(metadata={"description": "mon … sun (or ma, di, …)", "example": "mon"})
    start = fields.String(metadata={"example": "15:00"})
    end = fields.String(metadata={"example": "17:00"})


class RequestIn(_Strict):
    """A buddy request: the school's form's fields (see the form for what each means)."""

    reference = fields.String(
        metadata={"description": "First name with initial, or the school's own code; "
                  "no full name, no date of birth", "example": "Sara B."})
    school_year = fields.Integer(metadata={"example": 2})
    level = fields.String(metadata={"example": "havo"})
    subjects = fields.List(fields.String(), metadata={"example": ["wiskunde"]})
    needs = fields.List(fields.String(), metadata={"example": ["geen_werkplek"]})
    priority = fields.String(metadata={"description": "empty for Koppel's proposal"})
    priority_reason = fields.String(metadata={"description": "only when differing"})
    languages = fields.List(fields.String(), metadata={"example": ["nl"]})
    needs_language = fields.String()
    availability = fields.List(fields.Nested(SlotIn))
    mode = fields.String(metadata={"example": "online"})
    postcode = fields.String(metadata={"example": "3511"})
    consent = fields.Boolean(
        metadata={"description": "the school has the pupil's and parents' consent"})
    mentor = fields.String(metadata={"description": "e-mail address; empty: the token's owner"})


class BulkIn(_Strict):
    """Up to 500 requests, stored all together or not at all."""

    requests = fields.List(fields.Nested(RequestIn), required=True)


class PageArgs(_Strict):
    """Where a page of a list starts, and how long it is."""

    cursor = fields.String(metadata={"description": "next_cursor of the previous page"})
    limit = fields.Integer(load_default=50, metadata={"description": "1 to 200"})


class Slot(Schema):
    day = fields.String()
    start = fields.String()
    end = fields.String()


class RequestSummary(Schema):
    """One request in a list."""

    id = fields.String()
    reference = fields.String()
    school_year = fields.Integer()
    level = fields.String()
    priority = fields.String()
    state = fields.String(
        metadata={"enum": ["waiting", "proposed", "matched", "ended", "withdrawn"]})
    waiting_days = fields.Integer()
    created_at = fields.DateTime()


class Request(RequestSummary):
    """One request in full."""

    subjects = fields.List(fields.String())
    needs = fields.List(fields.String())
    languages = fields.List(fields.String())
    needs_language = fields.String(allow_none=True)
    availability = fields.List(fields.Nested(Slot))
    mode = fields.String()
    postcode = fields.String()


class RequestPage(Schema):
    items = fields.List(fields.Nested(RequestSummary))
    next_cursor = fields.String(allow_none=True)


class BulkCreated(Schema):
    ids = fields.List(fields.String())


class School(Schema):
    id = fields.String()
    name = fields.String()


class Region(Schema):
    id = fields.String()
    name = fields.String()


class Me(Schema):
    """The schools and regions the token's owner may act for."""

    schools = fields.List(fields.Nested(School))
    regions = fields.List(fields.Nested(Region))


class WaitingPupil(Schema):
    """A waiting pupil as the coordinator's list and CSV export show it."""

    id = fields.String()
    reference = fields.String()
    school = fields.String()
    school_year = fields.Integer()
    level = fields.String()
    subjects = fields.List(fields.String())
    priority = fields.String()
    state = fields.String()
    waiting_days = fields.Integer(allow_none=True)


class WaitingPage(Schema):
    items = fields.List(fields.Nested(WaitingPupil))
    next_cursor = fields.String(allow_none=True, metadata={"description": "opaque"})
