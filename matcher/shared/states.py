"""The life cycles of Koppel's records: the states they pass through and why they end.

Pure constants, so rules, forms and the database's check constraints share one list.
"""

from __future__ import annotations

USER_ROLES: tuple[str, ...] = (
    "admin", "coordinator", "designated_contact", "mentor", "school", "volunteer"
)

SCREENING_STATES: tuple[str, ...] = (
    "new",
    "awaiting_intake",
    "vog_requested",
    "approved",
    "paused",
    "rejected",
    "withdrawn",
)

PUPIL_STATES: tuple[str, ...] = ("waiting", "proposed", "matched", "ended", "withdrawn")

MATCH_STATES: tuple[str, ...] = (
    "proposed",
    "approved",
    "active",
    "declined",
    "ended",
    "rejected",
    "superseded",
    "expired",
)

# A pupil has at most one match in these states at any time (a database index says so).
LIVE_MATCH_STATES: tuple[str, ...] = ("approved", "active")

# How an approved pair meets; "both" is a preference, never a decision.
MEETING_MODES: tuple[str, ...] = ("online", "in_person")

# Why an active match ended. A pupil whose match ends for a reason in
# ``END_REASONS_BACK_TO_WAITING`` returns to the waiting list and keeps the days
# already waited; reaching the goal (or leaving school) closes the request.
END_REASONS: tuple[str, ...] = (
    "goal_reached",
    "pupil_left_school",
    "pupil_stopped",
    "volunteer_stopped",
    "no_click",
    "safeguarding",
)
END_REASONS_BACK_TO_WAITING = frozenset({"volunteer_stopped", "no_click", "safeguarding"})

# A matching run is a job: queued, then the worker's three phases, then ``open`` (its
# proposals are the region's current ones) until a newer run closes it; or ``failed``.
RUN_ACTIVE_STATES: tuple[str, ...] = ("queued", "building", "solving", "storing")
RUN_STATES: tuple[str, ...] = (*RUN_ACTIVE_STATES, "open", "closed", "failed")

# A job in the worker's queue: waiting (again, after a failed attempt with backoff),
# claimed under a lease, done, or parked after its last attempt failed.
JOB_STATES: tuple[str, ...] = ("queued", "running", "done", "parked")

MAIL_STATES: tuple[str, ...] = ("pending", "sent", "failed")

# A concern about a pupil: raised by the volunteer, received (acknowledged) by a
# coordinator or the school's designated contact, handed over into the school's own
# procedure, closed. It never ends a match.
CONCERN_STATES: tuple[str, ...] = ("raised", "received", "handed_over", "closed")
