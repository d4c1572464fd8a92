"""Labels the school pages show for codes: vocabulary terms and request states (the
pupil states the coordinator's pages name too)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from matcher.shared import vocabulary, weekly_slots
from webapp.shared.i18n import current_language
from webapp.shared.state_labels import PUPIL_STATES, PUPIL_STATES_NEXT

_VOCABULARIES = {
    "subject": vocabulary.SUBJECT,
    "level": vocabulary.LEVEL,
    "need": vocabulary.NEED,
    "language": vocabulary.LANGUAGE,
    "priority": vocabulary.PRIORITY,
    "mode": vocabulary.MODE,
    "day": vocabulary.DAY,
}


def term_label(kind: str, code: str | None) -> str:
    """The label of ``code`` in the ``kind`` vocabulary, in the page's language."""
    term = _VOCABULARIES[kind].get(code or "")
    return term.label(current_language()) if term else (code or "")


@dataclass(frozen=True)
class ProposalTexts:
    """The urgency Koppel proposes for the needs ticked so far, and the texts the page's
    script switches between when the school ticks more (see ``static/school-request.js``)."""

    current: str
    by_priority: dict[str, str]
    urgent_needs: str
    high_needs: str


def proposal_texts(needs: list[str] | None) -> ProposalTexts:
    """What the form says about Koppel's proposal for ``needs``."""
    by_priority = {
        "none": _("Kies eerst de behoeften; Koppel stelt dan een urgentie voor."),
        **{
            code: _("Voorstel van Koppel: %(priority)s.", priority=term_label("priority", code))
            for code in vocabulary.PRIORITY_CODES
        },
    }
    current = vocabulary.proposed_priority(needs) if needs else "none"
    return ProposalTexts(
        by_priority[current],
        by_priority,
        " ".join(sorted(vocabulary.URGENT_NEEDS)),
        " ".join(sorted(vocabulary.HIGH_NEEDS)),
    )


def accepted_codes() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """For the CSV page: per column that takes codes, its header and each code's label."""
    kinds = (("vakken", "subject", vocabulary.SUBJECTS), ("niveau", "level", vocabulary.LEVELS),
             ("behoeften", "need", vocabulary.NEEDS), ("talen", "language", vocabulary.LANGUAGES))
    return [(header, kind, [(term.code, term_label(kind, term.code)) for term in terms])
            for header, kind, terms in kinds]


def template_helpers() -> dict[str, object]:
    """What the school templates use to show codes."""
    return {
        "term_label": term_label,
        "state_label": lambda state: str(PUPIL_STATES.get(state, state)),
        "state_next": lambda state: str(PUPIL_STATES_NEXT.get(state, "")),
        "clock_text": weekly_slots.clock_text,
    }
