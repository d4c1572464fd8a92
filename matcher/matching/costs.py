"""The cost model: what a coordinator would weigh, as integer points per pair.

Urgency is not in the costs: the solver first maximises matched urgent, high and
normal pupils (in that order) and only then minimises the total of these points. The
points therefore only decide *which* volunteer a pupil gets and, among pupils of equal
urgency competing for a volunteer, who gets them. Lower is better; every component is
a non-negative integer and their sum stays below 1,000,000 (at most 685,000).

=================  ==========  =============================================================
component          maximum     points
=================  ==========  =============================================================
``subjects``       200,000     200,000 × share of the pupil's subjects the volunteer does
                               *not* offer (rounded down): help with everything asked first
``level``           25,000     0 when the volunteer lists the pupil's level, 25,000 when
                               they accept "any level": a volunteer who chose the level
                               fits better than a generalist
``hours``          150,000     150,000 × (240 − common minutes) / 240, floored; four common
                               hours a week or more cost 0 (saturating: beyond that, more
                               hours do not make a better match)
``meeting``        200,000     online: 30,000. In person: 5 per metre of distance, at most
                               200,000 (40 km). So in person is preferred when it is allowed
                               and closer than 6 km; at exactly 6 km, and farther, the pair
                               meets online when it can
``language``        50,000     50,000 when the pupil lists languages and shares none with
                               the volunteer (a shared home language helps a newcomer),
                               else 0; ``needs_language`` is a hard rule, not a cost
``waiting``         60,000     60,000 × (180 − waiting days) / 180, floored, 0 from half a
                               year on: among equals the pupil who waited longer goes first
=================  ==========  =============================================================

The mode of a chosen pair is the one with the lower ``meeting`` points among those rule 7
allows (online on a tie). All functions are vectorised over arrays of pairs; the same
function prices the candidates for the solver and the components cited in explanations.
"""

from __future__ import annotations

import numpy as np

from matcher.matching.instance_arrays import Columns, count_shared, shares_any

# Recorded with every matching run; raise it whenever a component or weight changes,
# so a stored run says which prices it was optimised for.
COST_MODEL_VERSION = "costs/1"

ONLINE, IN_PERSON = 0, 1
MODE_NAMES = ("online", "in_person")

SUBJECTS_MAX = 200_000
LEVEL_ANY = 25_000
HOURS_MAX = 150_000
HOURS_SATURATION_MIN = 240
ONLINE_POINTS = 30_000
POINTS_PER_METRE = 5
MEETING_MAX = 200_000
LANGUAGE_MISMATCH = 50_000
WAITING_MAX = 60_000
WAITING_SATURATION_DAYS = 180

COMPONENTS = ("subjects", "level", "hours", "meeting", "language", "waiting")


def choose_mode(online: np.ndarray, in_person: np.ndarray, distance_m: np.ndarray) -> np.ndarray:
    """Per pair the mode it meets in (``ONLINE``/``IN_PERSON``), among those allowed."""
    closer = distance_m.astype(np.int64) * POINTS_PER_METRE < ONLINE_POINTS
    return np.where(in_person & (closer | ~online), IN_PERSON, ONLINE).astype(np.int8)


def components(
    cols: Columns, pupil: np.ndarray, volunteer: np.ndarray, overlap: np.ndarray,
    distance_m: np.ndarray, mode: np.ndarray,
) -> dict[str, np.ndarray]:
    """The cost components (int64 arrays) of pairs meeting in ``mode``."""
    p_side, v_side = cols.pupils, cols.volunteers
    wanted = cols.pupil_subject_count[pupil]
    offered = count_shared(p_side.subjects[pupil], v_side.subjects[volunteer])
    minutes = np.minimum(overlap.astype(np.int64), HOURS_SATURATION_MIN)
    in_person_points = np.minimum(
        distance_m.astype(np.int64) * POINTS_PER_METRE, MEETING_MAX
    )
    speaks = shares_any(p_side.languages[pupil], v_side.languages[volunteer])
    lists_languages = p_side.languages[pupil].any(axis=1)
    days = np.minimum(cols.pupil_waiting[pupil], WAITING_SATURATION_DAYS)
    return {
        "subjects": SUBJECTS_MAX * (wanted - offered) // wanted,
        "level": np.where(cols.volunteer_any_level[volunteer], LEVEL_ANY, 0),
        "hours": HOURS_MAX * (HOURS_SATURATION_MIN - minutes) // HOURS_SATURATION_MIN,
        "meeting": np.where(mode == IN_PERSON, in_person_points, ONLINE_POINTS),
        "language": np.where(lists_languages & ~speaks, LANGUAGE_MISMATCH, 0),
        "waiting": WAITING_MAX * (WAITING_SATURATION_DAYS - days) // WAITING_SATURATION_DAYS,
    }


def total(parts: dict[str, np.ndarray]) -> np.ndarray:
    """The cost of each pair: the sum of its components."""
    return sum((parts[name] for name in COMPONENTS), np.zeros(len(parts["subjects"]), np.int64))
