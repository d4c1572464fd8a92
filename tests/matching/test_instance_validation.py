"""Every field rule of the instance format, each with the message it gives."""

from __future__ import annotations

import pytest

from matcher.matching.instance import InvalidInstance, Location, parse_instance
from matcher.shared.errors import BadInput

from .builders import instance, pupil, slot, volunteer

CASES = [
    # (what the instance looks like, expected "<path>: <message>")
    (instance(schema="koppel.instance/2"), 'schema: must be "koppel.instance/1"'),
    ({k: v for k, v in instance().items() if k != "volunteers"}, "volunteers: is required"),
    (instance(pupils="p-1"), "pupils: must be a list"),
    (instance(volunteers=[42]), "volunteers[0]: must be an object"),
    (instance(volunteers=[volunteer(id="")]), "volunteers[0].id: must not be empty"),
    (instance(volunteers=[volunteer(id=7)]), "volunteers[0].id: must be a string"),
    (instance(volunteers=[volunteer("v-1"), volunteer("v-1")]),
     'volunteers[1].id: duplicate id "v-1" (also volunteers[0])'),
    (instance(pupils=[pupil("p-1"), pupil("p-2"), pupil("p-1")]),
     'pupils[2].id: duplicate id "p-1" (also pupils[0])'),
    (instance(pupils=[pupil(region="")]), "pupils[0].region: must not be empty"),
    (instance(volunteers=[volunteer(subjects=[])]), "volunteers[0].subjects: must not be empty"),
    (instance(pupils=[pupil(subjects=["wiskunde", ""])]),
     "pupils[0].subjects[1]: must not be empty"),
    (instance(volunteers=[volunteer(levels=["havo", "mbo"])]),
     "volunteers[0].levels[1]: must be one of pro, vmbo-b, vmbo-k, vmbo-gt, havo, vwo, isk"),
    (instance(pupils=[pupil(level="gymnasium")]),
     "pupils[0].level: must be one of pro, vmbo-b, vmbo-k, vmbo-gt, havo, vwo, isk"),
    (instance(pupils=[pupil(languages=["nl", "NL"])]),
     "pupils[0].languages[1]: must be an ISO 639-1 code (two lowercase letters)"),
    (instance(volunteers=[volunteer(languages=["nld"])]),
     "volunteers[0].languages[0]: must be an ISO 639-1 code (two lowercase letters)"),
    (instance(pupils=[pupil(needs_language="arabic")]),
     "pupils[0].needs_language: must be an ISO 639-1 code (two lowercase letters)"),
    (instance(pupils=[pupil(availability=[slot("mon", "15:00", "16:00"),
                                          slot("maandag", "1", "2")])]),
     "pupils[0].availability[1].day: must be one of mon, tue, wed, thu, fri, sat, sun"),
    (instance(pupils=[pupil(availability=[slot("mon", "9:00", "16:00")])]),
     "pupils[0].availability[0].start: must be a time HH:MM between 00:00 and 24:00"),
    (instance(pupils=[pupil(availability=[slot("mon", "15:00", "24:01")])]),
     "pupils[0].availability[0].end: must be a time HH:MM between 00:00 and 24:00"),
    (instance(pupils=[pupil(availability=[slot("mon", "24:00", "24:00")])]),
     "pupils[0].availability[0].start: 24:00 is allowed only as an end"),
    (instance(pupils=[pupil(), pupil("p-2"), pupil("p-3"),
                      pupil("p-4", availability=[slot("tue", "16:00", "15:00")])]),
     "pupils[3].availability[0].end: must be after start"),
    (instance(volunteers=[volunteer(availability=[slot("tue", "16:00", "16:00")])]),
     "volunteers[0].availability[0].end: must be after start"),
    (instance(pupils=[pupil(mode="video")]),
     "pupils[0].mode: must be one of online, in_person, both"),
    (instance(pupils=[pupil(mode="both", location=None)]),
     'pupils[0].location: is required when mode is "both"'),
    (instance(volunteers=[volunteer(location={"lat": 91, "lon": 5})]),
     "volunteers[0].location.lat: must be between -90 and 90"),
    (instance(volunteers=[volunteer(location={"lat": 52, "lon": -180.5})]),
     "volunteers[0].location.lon: must be between -180 and 180"),
    (instance(volunteers=[volunteer(location={"lat": "52", "lon": 5})]),
     "volunteers[0].location.lat: must be a number"),
    (instance(volunteers=[volunteer(mode="in_person", max_distance_km=None)]),
     'volunteers[0].max_distance_km: is required when mode is "in_person"'),
    (instance(volunteers=[volunteer(max_distance_km=0)]),
     "volunteers[0].max_distance_km: must be greater than 0"),
    (instance(volunteers=[volunteer(capacity=0)]), "volunteers[0].capacity: must be at least 1"),
    (instance(volunteers=[volunteer(capacity=1.5)]), "volunteers[0].capacity: must be an integer"),
    (instance(volunteers=[volunteer(capacity=True)]), "volunteers[0].capacity: must be an integer"),
    (instance(pupils=[pupil(priority="asap")]),
     "pupils[0].priority: must be one of urgent, high, normal"),
    (instance(pupils=[pupil(waiting_days=-1)]), "pupils[0].waiting_days: must be at least 0"),
    (instance(pupils=[{k: v for k, v in pupil().items() if k != "waiting_days"}]),
     "pupils[0].waiting_days: is required"),
    (instance(options={"min_overlap_minutes": -5}),
     "options.min_overlap_minutes: must be at least 0"),
    (instance(options={"cross_region_online": "yes"}),
     "options.cross_region_online: must be true or false"),
    (instance(locked=[{"volunteer": "v-1", "pupil": "p-9"}]),
     'locked[0].pupil: unknown pupil id "p-9"'),
    (instance(forbidden=[{"volunteer": "v-9", "pupil": "p-1"}]),
     'forbidden[0].volunteer: unknown volunteer id "v-9"'),
    (instance(volunteers=[volunteer(capacity=2)],
              locked=[{"volunteer": "v-1", "pupil": "p-1"}, {"volunteer": "v-1", "pupil": "p-1"}]),
     'locked[1].pupil: pupil "p-1" is already locked in locked[0]'),
    (instance(pupils=[pupil("p-1"), pupil("p-2")],
              locked=[{"volunteer": "v-1", "pupil": "p-1"}, {"volunteer": "v-1", "pupil": "p-2"}]),
     'locked[1].volunteer: volunteer "v-1" has more locked pairs than its capacity 1'),
    (instance(locked=[{"volunteer": "v-1", "pupil": "p-1"}],
              forbidden=[{"volunteer": "v-1", "pupil": "p-1"}]),
     'forbidden[0]: pair of volunteer "v-1" and pupil "p-1" is also locked in locked[0]'),
]


@pytest.mark.parametrize(("raw", "message"), CASES, ids=[message for _, message in CASES])
def test_invalid_instance_is_rejected_with_a_message_naming_the_json_path(raw, message):
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(raw)
    assert str(caught.value) == message
    assert isinstance(caught.value, BadInput)
    assert caught.value.path == message.split(":")[0]


def test_a_document_that_is_not_an_object_is_rejected():
    with pytest.raises(InvalidInstance, match="^instance: must be an object$"):
        parse_instance([])


def test_options_and_each_option_may_be_omitted_and_take_the_defaults():
    without = instance()
    del without["options"]
    assert parse_instance(without).options.min_overlap_minutes == 60
    partial = parse_instance(instance(options={"cross_region_online": True})).options
    assert (partial.min_overlap_minutes, partial.cross_region_online) == (60, True)
    zero = parse_instance(instance(options={"min_overlap_minutes": 0})).options
    assert (zero.min_overlap_minutes, zero.cross_region_online) == (0, False)


def test_unknown_keys_are_ignored_everywhere():
    raw = instance(
        volunteers=[volunteer(nickname="Sam", location={**volunteer()["location"], "alt": 3})],
        pupils=[pupil(school="X", availability=[{**slot("mon", "15:00", "17:00"), "note": 1}])],
        extra={"anything": True},
    )
    parsed = parse_instance(raw)
    assert parsed.volunteers[0].location == Location(52.0907, 5.1214)
    assert parsed.pupils[0].availability == ((900, 1020),)


def test_24_00_is_allowed_as_an_end_and_times_count_from_monday_midnight():
    raw = instance(pupils=[pupil(availability=[slot("sun", "23:00", "24:00"),
                                               slot("tue", "00:00", "00:30")])])
    assert parse_instance(raw).pupils[0].availability == ((6 * 1440 + 1380, 7 * 1440), (1440, 1470))


def test_an_online_volunteer_needs_neither_location_nor_distance():
    raw = instance(volunteers=[volunteer(mode="online", location=None, max_distance_km=None)])
    parsed = parse_instance(raw).volunteers[0]
    assert (parsed.location, parsed.max_distance_km) == (None, None)


def test_locked_forbidden_and_needs_language_may_be_omitted():
    raw = instance()
    for key in ("locked", "forbidden"):
        del raw[key]
    del raw["pupils"][0]["needs_language"]
    parsed = parse_instance(raw)
    assert (parsed.locked, parsed.forbidden, parsed.pupils[0].needs_language) == ((), (), None)


def test_a_volunteer_may_have_as_many_locked_pairs_as_its_capacity():
    raw = instance(
        volunteers=[volunteer(capacity=2)], pupils=[pupil("p-1"), pupil("p-2")],
        locked=[{"volunteer": "v-1", "pupil": "p-1"}, {"volunteer": "v-1", "pupil": "p-2"}],
    )
    assert len(parse_instance(raw).locked) == 2
