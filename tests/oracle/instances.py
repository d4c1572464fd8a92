"""Valid ``koppel.instance/1`` dicts, from a seed or from hypothesis.

One builder serves both sources: it asks a ``Chooser`` for integers and reals, and a
chooser is either a seeded ``random.Random`` (large instances for the MILP oracle) or
hypothesis' ``draw`` (small instances that shrink to a readable counterexample).

The instances are deliberately awkward: minutes off the quarter hour, a person's own
intervals overlapping or touching, ``24:00`` ends, times on a half-hour grid so that
a volunteer's interval often touches a pupil's or overlaps by exactly the minimum,
locations within 0.2° of Utrecht with distance limits of a few to 25 km, more pupils
than places, locked and forbidden pairs, and every option omitted now and then.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import strategies as st

from .choosers import Chooser, DrawnChooser, SeededChooser, chance, pick, some
from .feasibility import minute_of_day

SUBJECTS = ("wiskunde", "engels", "nederlands", "plannen", "natuurkunde")
LEVELS = ("pro", "vmbo-b", "vmbo-k", "vmbo-gt", "havo", "vwo", "isk")
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
REGIONS = ("utrecht", "amersfoort", "zeist")
# Mostly Monday and Tuesday, so that people meet often enough for overlap to matter.
DAY_POOL = ("mon",) * 6 + ("tue", "tue", "wed", "thu", "fri", "sat", "sun")
MODE_POOL = ("online", "in_person", "both", "both")
PRIORITY_POOL = ("urgent", "high", "high", "normal", "normal", "normal")
MIN_OVERLAPS = (0, 1, 17, 30, 45, 60, 61, 90)
DISTANCES_KM = (1.5, 3, 5, 8, 12, 20)
UTRECHT = (52.0907, 5.1214)
DAY_END = 24 * 60


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _moment(ch: Chooser) -> int:
    if chance(ch, 50):
        return 14 * 60 + 30 * ch.integer(0, 12)
    return ch.integer(12 * 60, 22 * 60)


def _availability(ch: Chooser) -> list[dict]:
    spans: list[tuple[str, int, int]] = []
    for _ in range(ch.integer(0, 4) if chance(ch, 10) else ch.integer(1, 4)):
        day = pick(ch, DAY_POOL)
        start = _moment(ch)
        end = min(start + pick(ch, (60, 90, 120, 180)) + ch.integer(0, 90), DAY_END)
        spans.append((day, start, end))
        if chance(ch, 25) and end < DAY_END:
            spans.append((day, end, min(end + ch.integer(1, 120), DAY_END)))
        if chance(ch, 20):
            inner = ch.integer(start, end - 1)
            spans.append((day, inner, min(inner + ch.integer(1, 150), DAY_END)))
        if chance(ch, 10):
            spans.append((day, DAY_END - ch.integer(1, 180), DAY_END))
    return [{"day": d, "start": _clock(s), "end": _clock(e)} for d, s, e in spans]


def _location(ch: Chooser) -> dict:
    return {
        "lat": round(UTRECHT[0] + ch.real(-0.2, 0.2), 6),
        "lon": round(UTRECHT[1] + ch.real(-0.2, 0.2), 6),
    }


def _person(ch: Chooser, regions: tuple[str, ...], ident: str) -> dict:
    mode = pick(ch, MODE_POOL)
    person = {
        "id": ident,
        "region": regions[0] if chance(ch, 60) else pick(ch, regions),
        "availability": _availability(ch),
        "mode": mode,
        "location": _location(ch) if mode != "online" or chance(ch, 20) else None,
    }
    if chance(ch, 5):
        person["remark"] = "unknown keys are ignored"
    return person


def _volunteer(ch: Chooser, regions: tuple[str, ...], number: int) -> dict:
    volunteer = _person(ch, regions, f"v-{number:03d}")
    volunteer["subjects"] = some(ch, SUBJECTS, 1, 5)
    volunteer["levels"] = [] if chance(ch, 50) else some(ch, LEVELS, 1, 7)
    volunteer["languages"] = some(ch, LANGUAGES, 0, 4)
    volunteer["capacity"] = pick(ch, (1, 1, 2, 3))
    if volunteer["mode"] != "online" or chance(ch, 20):
        exact = chance(ch, 50)
        volunteer["max_distance_km"] = pick(ch, DISTANCES_KM) if exact else ch.real(0.5, 25.0)
    return volunteer


def _pupil(ch: Chooser, regions: tuple[str, ...], number: int, volunteers: list[dict]) -> dict:
    pupil = _person(ch, regions, f"p-{number:03d}")
    pupil["subjects"] = some(ch, SUBJECTS, 1, 2)
    pupil["level"] = pick(ch, LEVELS)
    pupil["languages"] = some(ch, LANGUAGES, 0, 2)
    pupil["needs_language"] = pick(ch, LANGUAGES) if chance(ch, 25) else None
    pupil["priority"] = pick(ch, PRIORITY_POOL)
    pupil["waiting_days"] = ch.integer(0, 200)
    if volunteers and chance(ch, 80):
        _lean_towards(ch, pupil, [pick(ch, volunteers) for _ in range(ch.integer(1, 3))])
    return pupil


def _lean_towards(ch: Chooser, pupil: dict, volunteers: list[dict]) -> None:
    """Make ``pupil`` nearly fit these volunteers, each rule with a chance to miss narrowly.

    Independent draws make feasible pairs rare; leaning puts many pairs on the edge
    of a rule: shifted intervals that overlap by about the minimum or just touch,
    places a few kilometres apart against limits of a few kilometres.
    """
    volunteer = volunteers[0]
    if chance(ch, 90):
        pupil["region"] = volunteer["region"]
    if chance(ch, 60):
        pupil["mode"] = pick(ch, (volunteer["mode"], "both"))
        if pupil["mode"] != "online" and pupil["location"] is None:
            pupil["location"] = _location(ch)
    pupil["subjects"] = sorted({pick(ch, v["subjects"]) for v in volunteers})
    if volunteer["levels"] and chance(ch, 85):
        pupil["level"] = pick(ch, volunteer["levels"])
    if pupil["needs_language"] is not None and volunteer["languages"] and chance(ch, 70):
        pupil["needs_language"] = pick(ch, volunteer["languages"])
    pupil["availability"] = [
        _shifted(ch, interval)
        for v in volunteers
        for interval in v["availability"]
        if chance(ch, 80)
    ] or pupil["availability"]
    if pupil["location"] is not None and volunteer["location"] is not None:
        pupil["location"] = {
            "lat": round(volunteer["location"]["lat"] + ch.real(-0.08, 0.08), 6),
            "lon": round(volunteer["location"]["lon"] + ch.real(-0.08, 0.08), 6),
        }


def _shifted(ch: Chooser, interval: dict) -> dict:
    start, end = (minute_of_day(interval[key]) for key in ("start", "end"))
    if chance(ch, 15):
        return (
            {"day": interval["day"], "start": interval["end"], "end": _clock(DAY_END)}
            if (end < DAY_END)
            else dict(interval)
        )
    start = min(max(start + ch.integer(-45, 45), 0), DAY_END - 1)
    end = min(max(end + ch.integer(-45, 45), start + 1), DAY_END)
    return {"day": interval["day"], "start": _clock(start), "end": _clock(end)}


def _options(ch: Chooser) -> dict | None:
    if chance(ch, 10):
        return None
    options: dict[str, Any] = {}
    if not chance(ch, 15):
        options["min_overlap_minutes"] = pick(ch, MIN_OVERLAPS)
    if not chance(ch, 15):
        options["cross_region_online"] = chance(ch, 50)
    return options


def _locked(ch: Chooser, volunteers: list[dict], pupils: list[dict]) -> list[dict]:
    """Pairs fixed by people: each pupil at most once, no volunteer beyond capacity."""
    if not volunteers or not pupils:
        return []
    locked: list[dict] = []
    taken: set[str] = set()
    load: Counter[str] = Counter()
    for _ in range(ch.integer(0, max(2, len(pupils) // 12))):
        volunteer = pick(ch, volunteers)
        pupil = pick(ch, pupils)
        if pupil["id"] in taken or load[volunteer["id"]] >= volunteer["capacity"]:
            continue
        taken.add(pupil["id"])
        load[volunteer["id"]] += 1
        locked.append({"volunteer": volunteer["id"], "pupil": pupil["id"]})
    return locked


def _forbidden(
    ch: Chooser, volunteers: list[dict], pupils: list[dict], locked: list[dict]
) -> list[dict]:
    """Random pairs, never a locked one; a pair may be named twice (nothing forbids it)."""
    if not volunteers or not pupils:
        return []
    fixed = {(pair["volunteer"], pair["pupil"]) for pair in locked}
    forbidden = []
    for _ in range(ch.integer(0, max(2, len(pupils) // 4))):
        pair = (pick(ch, volunteers)["id"], pick(ch, pupils)["id"])
        if pair not in fixed:
            forbidden.append({"volunteer": pair[0], "pupil": pair[1]})
    return forbidden


def build_instance(ch: Chooser, *, pupils: int, volunteers: int) -> dict:
    """A valid instance with this many pupils and volunteers, every other choice from ``ch``."""
    regions = REGIONS[: ch.integer(1, len(REGIONS))]
    volunteer_list = [_volunteer(ch, regions, n) for n in range(volunteers)]
    pupil_list = [_pupil(ch, regions, n, volunteer_list) for n in range(pupils)]
    locked = _locked(ch, volunteer_list, pupil_list)
    instance: dict[str, Any] = {
        "schema": "koppel.instance/1",
        "volunteers": volunteer_list,
        "pupils": pupil_list,
        "locked": locked,
        "forbidden": _forbidden(ch, volunteer_list, pupil_list, locked),
    }
    options = _options(ch)
    if options is not None:
        instance["options"] = options
        if chance(ch, 5):
            options["explained_by"] = "unknown keys are ignored"
    if chance(ch, 5):
        instance["exported_at"] = "unknown keys are ignored"
    return instance


def seeded_instance(seed: int, *, pupils: int, volunteers: int) -> dict:
    """A reproducible instance, for sizes where hypothesis would be too slow."""
    return build_instance(SeededChooser(seed), pupils=pupils, volunteers=volunteers)


@st.composite
def instances(draw: st.DrawFn, *, max_pupils: int, max_volunteers: int) -> dict:
    """Hypothesis strategy: instances with up to this many pupils and volunteers.

    Hypothesis favours small sizes; drawing the sizes from the top half keeps most
    examples crowded enough for capacity and priorities to matter.
    """
    ch = DrawnChooser(draw)
    pupils = ch.integer(max_pupils // 2 if chance(ch, 80) else 0, max_pupils)
    volunteers = ch.integer(1 + max_volunteers // 2, max_volunteers) if chance(ch, 90) else 0
    return build_instance(ch, pupils=pupils, volunteers=volunteers)


def seeded_instances(*, max_pupils: int, max_volunteers: int) -> st.SearchStrategy[dict]:
    """Hypothesis strategy over seeds: uniform choices, larger sizes, shrinking by seed only."""
    return st.builds(
        seeded_instance,
        st.integers(0, 2**32 - 1),
        pupils=st.integers(max_pupils // 2, max_pupils),
        volunteers=st.integers(max_volunteers // 2, max_volunteers),
    )
