"""Reason codes: why a pupil stayed unmatched, as data the web app can translate.

A :class:`Reason` is a code with parameters; :attr:`Reason.text` is its English
sentence for the ``reasons`` list of ``koppel.result/1``. The web app renders the
same code and parameters in Dutch or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEMPLATES: dict[str, str] = {
    # Decided before the solve: the pupil is not in the instance at all.
    "no_designated_contact": (
        "the pupil's school has no designated contact (aandachtsfunctionaris) to receive "
        "a concern, so the pupil is left out until it has one"
    ),
    "no_volunteer_in_region": "no volunteer can be reached in region {region}",
    "no_volunteer_subject_level": (
        "no volunteer in region {region} offers {subjects} at level {level}"
    ),
    "needs_language": (
        "no volunteer offering {subjects} at level {level} in region {region} speaks "
        "the needed language {language}"
    ),
    "no_capacity": (
        "all {volunteers} suitable volunteers are fully booked by locked pairs"
    ),
    "forbidden": (
        "the remaining {volunteers} suitable volunteers are all excluded for this pupil "
        "by a coordinator"
    ),
    "no_common_hours": (
        "none of the {volunteers} suitable volunteers shares at least {min_overlap_minutes} "
        "minutes a week with this pupil (best: {best_overlap_minutes} minutes)"
    ),
    "too_far": (
        "none of the {volunteers} suitable volunteers with enough common hours can meet "
        "online, and in person the nearest is {nearest_km} km away (their limit: "
        "{limit_km} km)"
    ),
    "no_common_mode": (
        "none of the {volunteers} suitable volunteers with enough common hours can meet "
        "this pupil {mode}"
    ),
    "taken_by_more_urgent": (
        "{volunteers} of {candidates} suitable volunteers are fully taken by more urgent pupils"
    ),
    "taken_by_equally_urgent": (
        "{volunteers} of {candidates} suitable volunteers are taken by pupils as urgent as "
        "this one ({priority}); giving one of them to this pupil would not match more "
        "pupils, and would not lower the total cost"
    ),
}


@dataclass(frozen=True)
class Reason:
    """One reason code with its parameters (JSON-ready values)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The English sentence for this reason."""
        shown = {k: _shown(v) for k, v in self.params.items()}
        return TEMPLATES[self.code].format(**shown)

    def to_json(self) -> dict[str, Any]:
        """``{"code": ..., "params": {...}}`` for ``unmatched[].reason_codes``."""
        return {"code": self.code, "params": self.params}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return " or ".join(str(item) for item in value)
    if value == "in_person":
        return "in person"
    return str(value)
