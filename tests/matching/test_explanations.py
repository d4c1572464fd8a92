"""Each reason code, constructed by an instance that calls for it; and what a match
explanation cites."""

from __future__ import annotations

from matcher.matching.costs import COMPONENTS

from .builders import instance, pupil, slot, volunteer
from .solving import reason_codes, solve

NEAR = {"lat": 52.1, "lon": 5.1}


def _only_reason(raw: dict, pupil_id: str = "p-1") -> dict:
    (reason,) = reason_codes(solve(raw), pupil_id)
    return reason


def test_no_volunteer_in_region():
    reason = _only_reason(instance(volunteers=[volunteer(region="zeist")]))
    assert reason == {"code": "no_volunteer_in_region",
                      "params": {"region": "utrecht", "volunteers": 1}}


def test_no_volunteer_subject_level():
    raw = instance(volunteers=[volunteer(subjects=["engels"]), volunteer("v-2", levels=["vwo"])])
    assert _only_reason(raw) == {"code": "no_volunteer_subject_level", "params": {
        "region": "utrecht", "subjects": ["wiskunde"], "level": "havo", "volunteers": 2}}


def test_needs_language():
    raw = instance(pupils=[pupil(needs_language="ti")])
    assert _only_reason(raw)["code"] == "needs_language"
    assert _only_reason(raw)["params"]["language"] == "ti"


def test_no_capacity():
    raw = instance(pupils=[pupil("p-0"), pupil("p-1")],
                   locked=[{"volunteer": "v-1", "pupil": "p-0"}])
    assert _only_reason(raw) == {"code": "no_capacity",
                                 "params": {"region": "utrecht", "volunteers": 1}}


def test_forbidden():
    raw = instance(forbidden=[{"volunteer": "v-1", "pupil": "p-1"}])
    assert _only_reason(raw) == {"code": "forbidden",
                                 "params": {"region": "utrecht", "volunteers": 1}}


def test_no_common_hours():
    raw = instance(pupils=[pupil(availability=[slot("mon", "16:15", "18:00")])])
    assert _only_reason(raw) == {"code": "no_common_hours", "params": {
        "volunteers": 1, "min_overlap_minutes": 60, "best_overlap_minutes": 45}}


def test_too_far():
    far = {"lat": 52.3676, "lon": 4.9041}  # Amsterdam, about 34 km from Utrecht
    raw = instance(volunteers=[volunteer(mode="in_person", max_distance_km=10)],
                   pupils=[pupil(mode="in_person", location=far)])
    assert _only_reason(raw) == {"code": "too_far", "params": {
        "volunteers": 1, "nearest_km": 34.2, "limit_km": 10.0}}


def test_no_common_mode():
    raw = instance(volunteers=[volunteer(mode="online", location=None, max_distance_km=None)],
                   pupils=[pupil(mode="in_person", location=NEAR)])
    assert _only_reason(raw) == {"code": "no_common_mode",
                                 "params": {"volunteers": 1, "mode": "in_person"}}


def test_taken_by_more_urgent():
    raw = instance(pupils=[pupil("p-1", priority="high"), pupil("p-2", priority="urgent")])
    assert _only_reason(raw) == {"code": "taken_by_more_urgent",
                                 "params": {"volunteers": 1, "candidates": 1}}


def test_taken_by_equally_urgent_for_a_lower_total_cost():
    raw = instance(pupils=[pupil("p-1", waiting_days=0), pupil("p-2", waiting_days=200)])
    result = solve(raw)
    assert [m["pupil"] for m in result["matches"]] == ["p-2"]  # waited longer: cheaper
    assert reason_codes(result, "p-1") == [{"code": "taken_by_equally_urgent", "params": {
        "volunteers": 1, "candidates": 1, "priority": "normal"}}]


def test_a_pupil_can_lose_volunteers_to_more_and_to_equally_urgent_pupils_at_once():
    raw = instance(volunteers=[volunteer("v-1"), volunteer("v-2")],
                   pupils=[pupil("p-1", priority="high"), pupil("p-2", priority="urgent"),
                           pupil("p-3", priority="high", waiting_days=100)])
    codes = reason_codes(solve(raw), "p-1")
    assert [(c["code"], c["params"]["volunteers"]) for c in codes] == [
        ("taken_by_more_urgent", 1), ("taken_by_equally_urgent", 1)]


def test_every_reason_comes_with_an_english_sentence():
    result = solve(instance(volunteers=[volunteer(subjects=["engels"])]))
    assert result["unmatched"][0]["reasons"] == [
        "no volunteer in region utrecht offers wiskunde at level havo"]


def test_a_match_explains_its_cost_components_subjects_hours_distance_and_language():
    raw = instance(volunteers=[volunteer(languages=["nl", "ar"], subjects=["wiskunde", "plannen"])],
                   pupils=[pupil(mode="in_person", location=NEAR, languages=["ar"],
                                 subjects=["wiskunde", "engels"], waiting_days=90)])
    (match,) = solve(raw)["matches"]
    explanation = match["explanation"]
    assert set(explanation["cost_components"]) == set(COMPONENTS)
    assert sum(explanation["cost_components"].values()) == match["cost"]
    assert explanation["cost_components"]["subjects"] == 100_000  # half the subjects offered
    assert explanation["cost_components"]["waiting"] == 30_000
    assert explanation["shared_subjects"] == ["wiskunde"]
    assert explanation["common_minutes"] == 120
    assert explanation["shared_languages"] == ["ar"]
    assert match["mode"] == "in_person" and explanation["distance_km"] == 1.8


def test_in_person_is_chosen_when_close_and_online_when_far():
    close = solve(instance(pupils=[pupil(mode="both", location=NEAR)]))["matches"][0]
    far_away = {"lat": 52.15, "lon": 5.2}  # about 8 km
    far = solve(instance(pupils=[pupil(mode="both", location=far_away)]))["matches"][0]
    assert (close["mode"], far["mode"]) == ("in_person", "online")
    assert "distance_km" not in far["explanation"]
