"""The inventory of concerns about a pupil: the content, who was told, the state changes.

The content is special (it is about a minor in a possibly unsafe home) and has its own
short retention; that a concern existed, who handled it and when stay as long as the
match's records do.
"""

from __future__ import annotations

from matcher.privacy.inventory.describing import col, keys, times
from matcher.privacy.inventory.policies import SAFEGUARDING, SAFEGUARDING_AND_SELF

_CONTENT = "Een zorg over een leerling doorgeven aan wie er iets mee moet doen."

SAFEGUARDING_TABLES: dict[str, dict[str, tuple]] = {
    "concerns": {
        **keys(
            "id",
            "match_id",
            "raised_by_id",
            "state",
            retention="match",
            roles=SAFEGUARDING_AND_SELF,
        ),
        "idempotency_key": col(
            "operational",
            "Eén zorg bewaren, ook als het formulier twee keer wordt verstuurd.",
            "match",
            frozenset(),
        ),
        **{
            c: col("special", _CONTENT, "concern", SAFEGUARDING)
            for c in ("observation", "observed_on", "pupil_words", "in_danger")
        },
        **times(
            "raised_at",
            "escalated_at",
            "content_emptied_at",
            retention="match",
            roles=SAFEGUARDING_AND_SELF,
        ),
    },
    "concern_steps": {
        **keys("id", "concern_id", "state", "by_id", retention="match", roles=SAFEGUARDING),
        **times("at", retention="match", roles=SAFEGUARDING),
    },
    "concern_notices": {
        **keys("id", "concern_id", "user_id", "reason", retention="match", roles=SAFEGUARDING),
        **times("told_at", retention="match", roles=SAFEGUARDING),
    },
}
