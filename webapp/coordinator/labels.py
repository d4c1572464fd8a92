"""The state names on every workspace page, from :mod:`webapp.shared.state_labels`."""

from __future__ import annotations

from webapp.coordinator import bp
from webapp.shared.state_labels import (
    MATCH_STATES,
    PUPIL_STATES,
    RUN_STATES,
    SCREENING_STATES,
)


@bp.context_processor
def state_labels() -> dict[str, object]:
    return {
        "screening_states": SCREENING_STATES,
        "pupil_states": PUPIL_STATES,
        "match_states": MATCH_STATES,
        "run_states": RUN_STATES,
    }
