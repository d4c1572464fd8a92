"""The cost model, read through the matching use case: which volunteer a pupil gets,
and what each component of ``matcher.matching.costs`` adds for chosen pairs.

The table is written out by hand, not computed from the weights it checks, so a
changed weight or saturation point fails a row that someone must look at (and the
change calls for a new ``COST_MODEL_VERSION``).
"""

from __future__ import annotations

import pytest

from .builders import UTRECHT, instance, pupil, slot, volunteer
from .solving import solve

# Points due north of Utrecht (one degree of latitude is about 111.2 km).
HALF_A_KM = {"lat": UTRECHT["lat"] + 0.0045, "lon": UTRECHT["lon"]}
TWELVE_KM = {"lat": UTRECHT["lat"] + 0.1079, "lon": UTRECHT["lon"]}
FORTY_FIVE_KM = {"lat": UTRECHT["lat"] + 0.405, "lon": UTRECHT["lon"]}
FOUR_HOURS = [slot("mon", "13:00", "17:00")]


def test_a_volunteer_half_a_km_away_is_preferred_over_one_twelve_km_away():
    # The far volunteer comes first, so a tie would not pick the near one by order.
    far = volunteer("v-far", location=TWELVE_KM, max_distance_km=20)
    near = volunteer("v-near", location=HALF_A_KM, max_distance_km=20)
    raw = instance(volunteers=[far, near], pupils=[pupil(mode="in_person", location=UTRECHT)])
    result = solve(raw)
    (match,) = result["matches"]
    assert match["volunteer"] == "v-near"
    assert match["explanation"]["distance_km"] == 0.5
    cost = {c["volunteer"]: c["cost"] for c in result["candidates"]}
    assert cost["v-near"] < cost["v-far"]


# fmt: off
#  what the row pins              volunteer changes                        pupil changes
#  → subjects, level, hours, meeting, language, waiting
COMPONENT_TABLE = [
    ("the same pair everywhere but online with two common hours",
     {}, {},
     (0,       0,      75_000, 30_000,  0,      60_000)),
    ("two of three subjects missing",
     {}, {"subjects": ["wiskunde", "engels", "frans"]},
     (133_333, 0,      75_000, 30_000,  0,      60_000)),
    ("a volunteer who accepts any level",
     {"levels": []}, {},
     (0,       25_000, 75_000, 30_000,  0,      60_000)),
    ("four common hours, no hours points",
     {"availability": FOUR_HOURS}, {"availability": FOUR_HOURS},
     (0,       0,      0,      30_000,  0,      60_000)),
    ("one common hour",
     {}, {"availability": [slot("mon", "16:00", "17:00")]},
     (0,       0,      112_500, 30_000, 0,      60_000)),
    ("in person half a km away",
     {"location": HALF_A_KM}, {"mode": "in_person", "location": UTRECHT},
     (0,       0,      75_000, 2_500,   0,      60_000)),
    ("in person 45 km away: the meeting points stop at their maximum",
     {"location": FORTY_FIVE_KM, "max_distance_km": 50},
     {"mode": "in_person", "location": UTRECHT},
     (0,       0,      75_000, 200_000, 0,      60_000)),
    ("no shared language with a pupil who lists one",
     {}, {"languages": ["ar"]},
     (0,       0,      75_000, 30_000,  50_000, 60_000)),
    ("waited 90 days",
     {}, {"waiting_days": 90},
     (0,       0,      75_000, 30_000,  0,      30_000)),
    ("waited more than half a year",
     {}, {"waiting_days": 200},
     (0,       0,      75_000, 30_000,  0,      0)),
]
# fmt: on
NAMES = ("subjects", "level", "hours", "meeting", "language", "waiting")


@pytest.mark.parametrize(
    ("volunteer_changes", "pupil_changes", "expected"),
    [row[1:] for row in COMPONENT_TABLE],
    ids=[row[0] for row in COMPONENT_TABLE],
)
def test_each_cost_component_adds_the_points_the_table_lists(
    volunteer_changes, pupil_changes, expected
):
    raw = instance(volunteers=[volunteer(**volunteer_changes)], pupils=[pupil(**pupil_changes)])
    (match,) = solve(raw)["matches"]
    assert match["explanation"]["cost_components"] == dict(zip(NAMES, expected, strict=True))
    assert match["cost"] == sum(expected)
