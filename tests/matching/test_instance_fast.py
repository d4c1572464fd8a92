"""The quick reader of valid people agrees with the precise, path-naming reader.

``matcher.matching.instance_quick_reader`` may give up on anything (the precise reader
then decides),
but whatever it accepts must be accepted by the precise reader with the same value.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from matcher.matching import instance_quick_reader
from matcher.matching.instance import _pupil, _volunteer  # the precise readers, compared here
from matcher.matching.instance_fields import InvalidInstance
from matcher.shared.vocabulary import DAY_CODES, LEVEL_CODES, MODE_CODES, PRIORITY_CODES

from .builders import pupil, slot, volunteer
from .test_instance_validation import CASES


def _precise(read: Any, doc: Any) -> Any:
    try:
        return read(doc, "person")
    except InvalidInstance:
        return None


def _either(valid: list[Any], invalid: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(valid) | st.sampled_from(invalid)


CLOCKS = ["00:00", "09:30", "15:00", "16:30", "23:59", "24:00"]
BAD_CLOCKS = ["9:00", "24:01", "15:60", "٠٩:٠٠", 900, None]
SLOTS = st.builds(
    slot, _either(list(DAY_CODES), ["maandag", None]),
    _either(CLOCKS, BAD_CLOCKS), _either(CLOCKS, BAD_CLOCKS),
) | st.sampled_from([[], "mon", None])
LOCATIONS = st.sampled_from([
    None, {"lat": 52.09, "lon": 5.12}, {"lat": 52, "lon": -5}, {"lat": 91, "lon": 5},
    {"lat": 52, "lon": 180.5}, {"lat": "52", "lon": 5}, {"lat": True, "lon": 5},
    {"lat": 52}, [52, 5], {"lat": float("nan"), "lon": 5},
])
COMMON = {
    "id": _either(["x-1"], ["", 7, None]),
    "region": _either(["utrecht", "zwolle"], ["", None]),
    "subjects": st.lists(_either(["wiskunde", "engels"], ["", 5]), max_size=3)
    | st.sampled_from(["wiskunde", None]),
    "languages": st.lists(_either(["nl", "ar", "ti"], ["NL", "nld", 1, ["nl"]]), max_size=3)
    | st.sampled_from(["nl", None]),
    "availability": st.lists(SLOTS, max_size=3) | st.sampled_from([None, "mon"]),
    "mode": _either(list(MODE_CODES), ["video", None]),
    "location": LOCATIONS,
}
VOLUNTEER = {
    **COMMON,
    "levels": st.lists(_either(list(LEVEL_CODES), ["mbo", True, ["havo"]]), max_size=3)
    | st.sampled_from(["havo", None]),
    "max_distance_km": _either([None, 10, 2.5], [0, -1, "10", True, float("inf")]),
    "capacity": _either([1, 3], [0, 1.5, True, None]),
}
PUPIL = {
    **COMMON,
    "level": _either(list(LEVEL_CODES), ["gymnasium", None]),
    "needs_language": _either([None, "ar"], ["arabic", 5, ["ar"]]),
    "priority": _either(list(PRIORITY_CODES), ["asap", None]),
    "waiting_days": _either([0, 12], [-1, 1.0, True, None]),
}


def _people(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Documents with each field valid or not, some fields left out, some not objects."""
    return st.fixed_dictionaries(
        {}, optional=fields
    ) | st.sampled_from([None, [], "v-1"])


@given(_people(VOLUNTEER))
def test_a_volunteer_the_quick_reader_accepts_is_read_the_same_by_the_precise_reader(doc):
    quick = instance_quick_reader.volunteer(doc)
    assert quick is None or quick == _precise(_volunteer, doc)


@given(_people(PUPIL))
def test_a_pupil_the_quick_reader_accepts_is_read_the_same_by_the_precise_reader(doc):
    quick = instance_quick_reader.pupil(doc)
    assert quick is None or quick == _precise(_pupil, doc)


def test_valid_people_are_read_by_the_quick_reader():
    volunteers = [
        volunteer(),
        volunteer(subjects=["wiskunde", "engels", "wiskunde"], levels=[], languages=[]),
        volunteer(mode="online", location=None, max_distance_km=None),
        volunteer(availability=[slot("sun", "23:00", "24:00"), slot("sun", "22:00", "23:30")]),
    ]
    pupils = [
        pupil(),
        pupil(needs_language="ti", mode="in_person", location={"lat": 52, "lon": 5}),
        {k: v for k, v in pupil(nickname="Sam").items() if k != "needs_language"},
    ]
    for doc in volunteers:
        assert instance_quick_reader.volunteer(doc) == _volunteer(doc, "person")
    for doc in pupils:
        assert instance_quick_reader.pupil(doc) == _pupil(doc, "person")


def test_the_quick_reader_gives_up_on_every_invalid_person_of_the_validation_cases():
    readers = {"volunteers": instance_quick_reader.volunteer, "pupils": instance_quick_reader.pupil}
    checked = 0
    for raw, message in CASES:
        key, _, rest = message.partition("[")
        if key in readers and "duplicate id" not in message:
            assert readers[key](raw[key][int(rest.split("]")[0])]) is None, message
            checked += 1
    assert checked > 20
