"""Labels the school pages show for codes: vocabulary terms and request states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from matcher import vocabulary, weekly_slots
from webapp.i18n import current_language

STATE_LABELS = {
    "waiting": _l("wacht"),
    "proposed": _l("voorgesteld"),
    "matched": _l("gekoppeld"),
    "ended": _l("beëindigd"),
    "withdrawn": _l("ingetrokken"),
}
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


def template_helpers() -> dict[str, object]:
    """What the school templates use to show codes."""
    return {
        "term_label": term_label,
        "state_label": lambda state: str(STATE_LABELS.get(state, state)),
        "clock_text": weekly_slots.clock_text,
    }
