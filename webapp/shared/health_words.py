"""A pair's health signal in words: its colour's name and each reason, for every page
that shows it (the coordinator's live pairs, the mentor's progress view)."""

from __future__ import annotations

from fractions import Fraction

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher.contacts.health import Reason

LEVELS = {"red": _l("Rood"), "orange": _l("Oranje"), "green": _l("Groen")}


def reason_text(reason: Reason) -> str:
    """One reason of a signal in words, in the visitor's language."""
    number = reason.number
    if reason.code in ("silent_long", "silent"):
        return _("%(days)s dagen niet bereikt", days=number)
    if reason.code == "unreached" and number == 1:
        return _("laatste poging niet bereikt")
    if reason.code in ("unreached", "unreached_often"):
        return _("%(n)s keer op rij niet bereikt", n=number)
    shown = format_decimal(round(float(Fraction(number)), 1), format="#,##0.#")
    if reason.code == "low_average":
        return _("check-in gemiddeld %(score)s", score=shown)
    return _("check-in met een score van %(score)s", score=shown)
