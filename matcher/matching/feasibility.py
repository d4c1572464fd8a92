"""Candidate generation: every feasible (volunteer, pupil) pair, rules 1–7 of the spec.

Never a Python loop over all pupil × volunteer pairs. Pupils are grouped into blocks
by (region, subject, level, needed language); a block's volunteers are those of the
region that offer the subject, accept the level and speak the language, so a block
holds only pairs that already pass rules 2–5. Within a block the weekly overlap of all
pairs is one exact matrix product (see :mod:`matcher.matching.availability`) and the distance a
vectorised haversine on the survivors only.

A pair sharing several subjects would appear in several subject blocks; it is kept in
the block of the first subject (in sorted order) the two share. With
``cross_region_online`` a second pass pairs online-capable pupils with online-capable
volunteers of *other* regions; the first pass already covers the pupil's own region.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from matcher.matching.availability import cuts_of, segment_cover
from matcher.matching.instance import Options
from matcher.matching.instance_arrays import NO_CODE, Columns, below, has_bit, shares_any
from matcher.shared.geo import haversine_km

# Upper bound on the entries of one dense pupil × volunteer (or pupil × segment) chunk,
# which bounds the memory of a block whatever its size.
CHUNK_ENTRIES = 4_000_000
# Pairs gathered from blocks before rules 1 and 7 run on them at once.
BATCH_PAIRS = 1 << 18

# (pupil, volunteer, overlap) of pairs that pass rules 2–6.
RawPairs = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class FeasiblePairs:
    """Feasible pairs with what the rules found out about them."""

    pupil: np.ndarray  # int32 row in instance.pupils
    volunteer: np.ndarray  # int32 row in instance.volunteers
    overlap: np.ndarray  # int16 weekly minutes in common
    online: np.ndarray  # bool: may meet online
    in_person: np.ndarray  # bool: may meet in person (within the volunteer's distance)
    distance_m: np.ndarray  # int32 metres, rounded; -1 where in person is not allowed


def feasible_pairs(
    cols: Columns, options: Options, forbidden: np.ndarray
) -> Iterator[FeasiblePairs]:
    """Yield the feasible pairs of an instance in chunks, each pair exactly once.

    ``forbidden`` holds ``pupil * n_volunteers + volunteer`` keys of forbidden pairs.
    Locked pupils and volunteers without capacity left are left out (rule 1).
    """
    pupils = np.flatnonzero(~cols.pupil_locked)
    volunteers = np.flatnonzero(cols.capacity_left > 0)
    same = _pass(cols, options, pupils, volunteers, same_region=True)
    yield from _in_batches(cols, forbidden, same, same_region=True)
    if options.cross_region_online:
        online_pupils = pupils[cols.pupils.online[pupils]]
        online_volunteers = volunteers[cols.volunteers.online[volunteers]]
        across = _pass(cols, options, online_pupils, online_volunteers, same_region=False)
        yield from _in_batches(cols, forbidden, across, same_region=False)


# The rules themselves, for many volunteers at once. The candidate pass applies them
# block by block; the explanation of an unmatched pupil asks the same functions which
# rule leaves the pupil without anyone, so the two can never tell different stories.


def reachable(
    cols: Columns, options: Options, pupil: int, volunteers: np.ndarray
) -> np.ndarray:
    """Rule 2: the volunteers in the pupil's region, and with ``cross_region_online``
    those of other regions when both can meet online."""
    same = cols.volunteers.region[volunteers] == cols.pupils.region[pupil]
    across = options.cross_region_online & bool(cols.pupils.online[pupil])
    return same | (across & cols.volunteers.online[volunteers])


def teaches(cols: Columns, pupil: int, volunteers: np.ndarray) -> np.ndarray:
    """Rules 3 and 4: a subject in common, and the pupil's level accepted."""
    shared = shares_any(cols.volunteers.subjects[volunteers], cols.pupils.subjects[pupil][None, :])
    return shared & accepts_level(cols, volunteers, int(cols.pupil_level[pupil]))


def accepts_level(cols: Columns, volunteers: np.ndarray, level: int) -> np.ndarray:
    """Rule 4: the volunteers who take pupils of ``level`` (an empty list takes all)."""
    return cols.volunteer_levels[volunteers, level]


def speaks(cols: Columns, volunteers: np.ndarray, language: int) -> np.ndarray:
    """Rule 5: the volunteers who speak the needed ``language`` (all when it is
    :data:`NO_CODE`: no language needed)."""
    if language == NO_CODE:
        return np.ones(len(volunteers), dtype=bool)
    return has_bit(cols.volunteers.languages[volunteers], language)


def meeting_modes(
    cols: Columns, pupil: np.ndarray, volunteer: np.ndarray, same_region: bool | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 7 before distance, for aligned pairs: (both may meet online, both may meet
    in person and are of one region)."""
    p_side, v_side = cols.pupils, cols.volunteers
    online = p_side.online[pupil] & v_side.online[volunteer]
    return online, p_side.in_person[pupil] & v_side.in_person[volunteer] & same_region


def meeting(
    cols: Columns, pupil: np.ndarray, volunteer: np.ndarray, same_region: bool | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule 7 for aligned pairs: (may meet online, may meet in person, metres apart).

    In person needs both modes to allow it, the same region, and the distance within
    the volunteer's limit; ``distance_m`` is -1 where in person is not allowed.
    """
    p_side, v_side = cols.pupils, cols.volunteers
    online, in_person = meeting_modes(cols, pupil, volunteer, same_region)
    distance_m = np.full(len(pupil), -1, dtype=np.int32)
    if in_person.any():
        near = np.flatnonzero(in_person)
        km = haversine_km(
            p_side.lat[pupil[near]], p_side.lon[pupil[near]],
            v_side.lat[volunteer[near]], v_side.lon[volunteer[near]],
        )
        within = km <= cols.volunteer_max_km[volunteer[near]]
        in_person[near[~within]] = False
        distance_m[near[within]] = np.rint(km[within] * 1000).astype(np.int32)
    return online, in_person, distance_m


def subject_incidence(masks: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, subject) for every subject bit of every row in ``rows``."""
    bits = np.unpackbits(masks[rows].view(np.uint8), axis=1, bitorder="little")
    where, subject = np.nonzero(bits)
    return rows[where], subject


def _pass(
    cols: Columns, options: Options, pupils: np.ndarray, volunteers: np.ndarray, *,
    same_region: bool,
) -> Iterator[RawPairs]:
    p_rows, p_subject = subject_incidence(cols.pupils.subjects, pupils)
    v_rows, v_subject = subject_incidence(cols.volunteers.subjects, volunteers)
    if not len(p_rows) or not len(v_rows):
        return
    n_subjects = max(1, len(cols.subjects))
    p_region = cols.pupils.region[p_rows] if same_region else np.zeros_like(p_rows)
    v_region = cols.volunteers.region[v_rows] if same_region else np.zeros_like(v_rows)
    offer_key = v_region.astype(np.int64) * n_subjects + v_subject
    order = np.argsort(offer_key, kind="stable")
    offer_keys, offer_starts = np.unique(offer_key[order], return_index=True)
    offers = np.split(v_rows[order], offer_starts[1:])

    n_levels = cols.volunteer_levels.shape[1]
    group_key = (
        ((p_region.astype(np.int64) * n_subjects + p_subject) * n_levels
         + cols.pupil_level[p_rows]) * (len(cols.languages) + 1)
        + cols.pupil_needs[p_rows] + 1
    )
    order = np.argsort(group_key, kind="stable")
    keys, starts = np.unique(group_key[order], return_index=True)
    for key, block in zip(keys, np.split(p_rows[order], starts[1:]), strict=True):
        rest, needs = divmod(int(key), len(cols.languages) + 1)
        offer, level = divmod(rest, n_levels)
        at = np.searchsorted(offer_keys, offer)
        if at == len(offer_keys) or offer_keys[at] != offer:
            continue
        offered = offers[at]
        fits = accepts_level(cols, offered, level) & speaks(cols, offered, needs - 1)
        if fits.any():
            yield from _block(cols, options, block, offered[fits], offer % n_subjects, same_region)


def _block(
    cols: Columns, options: Options, pupils: np.ndarray, volunteers: np.ndarray,
    subject: int, same_region: bool,
) -> Iterator[RawPairs]:
    """(pupil, volunteer, overlap) of the block's pairs that pass rules 2–6."""
    p_side, v_side = cols.pupils, cols.volunteers
    cuts = cuts_of(p_side.weekly, pupils, v_side.weekly, volunteers)
    if len(cuts) < 2:
        cuts = np.array([0, 1], dtype=cuts.dtype)  # nobody is ever available
    v_cover = segment_cover(v_side.weekly, volunteers, cuts)
    used = v_cover.any(axis=0)
    v_weighted = v_cover[:, used] * np.diff(cuts).astype(np.float32)[used]
    lower = below(subject, p_side.subjects.shape[1])
    step = max(1, CHUNK_ENTRIES // max(len(volunteers), len(cuts)))
    for first in range(0, len(pupils), step):
        chunk = pupils[first : first + step]
        overlap = segment_cover(p_side.weekly, chunk, cuts)[:, used] @ v_weighted.T
        ok = overlap >= options.min_overlap_minutes
        earlier = (p_side.subjects[chunk] & lower).any(axis=1)
        if earlier.any():
            ok[earlier] &= ~(
                (p_side.subjects[chunk[earlier]] & lower)[:, None, :]
                & v_side.subjects[volunteers][None, :, :]
            ).any(axis=2)
        if not same_region:
            ok &= p_side.region[chunk][:, None] != v_side.region[volunteers][None, :]
        i, j = np.nonzero(ok)
        if len(i):
            yield chunk[i], volunteers[j], overlap[i, j]


def _in_batches(
    cols: Columns, forbidden: np.ndarray, raw: Iterator[RawPairs], *, same_region: bool
) -> Iterator[FeasiblePairs]:
    """Rules 1 and 7 on batches of about ``BATCH_PAIRS`` pairs: a national run has
    thousands of small blocks, and numpy calls on a few large arrays cost less than
    on thousands of small ones. Pairs keep their order."""
    parts: list[RawPairs] = []
    size = 0
    for part in raw:
        parts.append(part)
        size += len(part[0])
        if size >= BATCH_PAIRS:
            yield from _met(cols, forbidden, parts, same_region)
            parts, size = [], 0
    if parts:
        yield from _met(cols, forbidden, parts, same_region)


def _met(
    cols: Columns, forbidden: np.ndarray, parts: list[RawPairs], same_region: bool
) -> Iterator[FeasiblePairs]:
    pupil, volunteer, overlap = (np.concatenate(column) for column in zip(*parts, strict=True))
    pairs = _meet(cols, forbidden, pupil, volunteer, overlap, same_region)
    if len(pairs.pupil):
        yield pairs


def _meet(
    cols: Columns, forbidden: np.ndarray, pupil: np.ndarray, volunteer: np.ndarray,
    overlap: np.ndarray, same_region: bool,
) -> FeasiblePairs:
    """Rules 1 (forbidden) and 7 (a way to meet) on pairs that pass all others."""
    if len(forbidden):
        allowed = ~np.isin(pupil.astype(np.int64) * len(cols.capacity_left) + volunteer, forbidden)
        pupil, volunteer, overlap = pupil[allowed], volunteer[allowed], overlap[allowed]
    online, in_person, distance_m = meeting(cols, pupil, volunteer, same_region)
    keep = online | in_person
    return FeasiblePairs(
        pupil=pupil[keep].astype(np.int32),
        volunteer=volunteer[keep].astype(np.int32),
        overlap=np.rint(overlap[keep]).astype(np.int16),
        online=online[keep],
        in_person=in_person[keep],
        distance_m=distance_m[keep],
    )
