"""The words for why a match ended, in Dutch and English, for forms and mails.

The codes themselves live in :data:`matcher.shared.states.END_REASONS` (the database checks
them); this module only names them, so the web form and the mail say the same thing.
"""

from __future__ import annotations

from matcher.shared.states import END_REASONS_BACK_TO_WAITING
from matcher.shared.vocabulary import Term

END_REASON: dict[str, Term] = {
    term.code: term
    for term in (
        Term("goal_reached", "Doel bereikt", "Goal reached"),
        Term("pupil_left_school", "Leerling is van school gegaan", "Pupil left the school"),
        Term("pupil_stopped", "Leerling stopt", "Pupil stops"),
        Term("volunteer_stopped", "Vrijwilliger stopt", "Volunteer stops"),
        Term("no_click", "Het klikt niet", "The pair does not get along"),
        Term("safeguarding", "Zorgen over veiligheid", "Safeguarding concern"),
    )
}

# Reasons the volunteer is not told in the mail: a safeguarding concern may be about them,
# and how to talk about it is the coordinator's call, not an automatic message's.
NOT_TOLD_TO_VOLUNTEER = frozenset({"safeguarding"})


def needs_new_buddy(reason_code: str) -> bool:
    """Whether a match ended for ``reason_code`` puts the pupil back on the waiting list."""
    return reason_code in END_REASONS_BACK_TO_WAITING
