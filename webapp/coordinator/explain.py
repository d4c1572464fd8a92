"""Plain-language sentences for proposals and unmatched pupils, from the core's codes.

The matcher explains with codes and numbers (``shared_subjects``, ``common_minutes``,
reason codes such as ``no_common_hours``); this module turns them into Dutch or
English sentences. :class:`Phrases` translates every template once per request, so a
page with thousands of proposals formats strings instead of calling gettext
thousands of times.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask_babel import gettext as _

from matcher.shared.vocabulary import LANGUAGE, LEVEL, PRIORITY, SUBJECT
from webapp.coordinator.labels import MATCH_STATES
from webapp.shared.i18n import current_language


class Phrases:
    """The translated sentence templates and vocabulary labels for one request."""

    def __init__(self) -> None:
        self.locale = current_language()
        self.text = {
            "subjects": _("Samen: %(subjects)s."),
            "hours": _("%(hours)s uur per week gemeenschappelijk vrij."),
            "online": _("Ontmoeten online."),
            "in_person": _(
                "Ontmoeten op locatie, afstand bij benadering %(km)s km "
                "(op basis van postcodegebied)."
            ),
            "language": _("Spreken samen: %(languages)s."),
            "needs_language": _(
                "De leerling heeft %(language)s nodig; de vrijwilliger spreekt het."
            ),
            "priority": _("Urgentie %(priority)s, wacht %(days)s dagen."),
            "manual": _("Handmatig gekoppeld door de coördinator."),
        }
        self.reasons = {
            "no_volunteer_in_region": _("Geen vrijwilliger bereikbaar in regio %(region)s."),
            "no_volunteer_subject_level": _(
                "Geen vrijwilliger in regio %(region)s voor %(subjects)s op niveau %(level)s."
            ),
            "needs_language": _(
                "Geen vrijwilliger voor %(subjects)s op niveau %(level)s in regio %(region)s "
                "spreekt %(language)s."
            ),
            "no_capacity": _("Alle %(volunteers)s geschikte vrijwilligers zijn al bezet."),
            "forbidden": _(
                "De overige %(volunteers)s geschikte vrijwilligers zijn eerder "
                "afgewezen voor deze leerling."
            ),
            "no_common_hours": _(
                "Geen van de %(volunteers)s geschikte vrijwilligers heeft %(min_overlap_minutes)s "
                "minuten per week samen vrij (beste: %(best_overlap_minutes)s minuten)."
            ),
            "too_far": _(
                "Online kan niet, en op locatie is de dichtstbijzijnde vrijwilliger "
                "%(nearest_km)s km weg (hun grens: %(limit_km)s km)."
            ),
            "no_common_mode": _(
                "Geen van de %(volunteers)s geschikte vrijwilligers kan %(mode)s afspreken."
            ),
            "taken_by_more_urgent": _(
                "%(volunteers)s van de %(candidates)s geschikte vrijwilligers gingen naar "
                "urgentere leerlingen."
            ),
            "taken_by_equally_urgent": _(
                "%(volunteers)s van de %(candidates)s geschikte vrijwilligers gingen naar "
                "leerlingen die even urgent zijn; ruilen levert niet meer koppelingen op."
            ),
        }
        self.modes = {"online": _("online"), "in_person": _("op locatie")}
        self.refusals = {
            "not_found": _("Dit voorstel bestaat niet (meer)."),
            "not_proposed": _("Over dit voorstel is al besloten, of het is vervangen."),
            "pupil_has_buddy": _("De leerling heeft inmiddels een maatje."),
            "pupil_not_waiting": _("De leerling wacht niet meer op een maatje."),
            "volunteer_not_approved": _("De vrijwilliger is niet (meer) goedgekeurd."),
            "vog_not_valid": _("De VOG van de vrijwilliger is niet (meer) geldig."),
            "volunteer_not_prepared": _(
                "De vrijwilliger is nog niet voorbereid: de gedragscode is niet aanvaard of "
                "de training is niet afgerond."
            ),
            "capacity_reached": _("De vrijwilliger heeft geen plek meer."),
            "refused_before": _("Dit paar is eerder afgewezen."),
            "not_active": _("Deze koppeling is niet (meer) actief."),
            "no_volunteer_in_region": _(
                "De vrijwilliger is van een andere regio en online afspreken kan niet."
            ),
            "no_volunteer_subject_level": _(
                "De vrijwilliger helpt niet met een vak van de leerling op dit niveau."
            ),
            "needs_language": _(
                "De vrijwilliger spreekt de taal niet die de leerling nodig heeft."
            ),
            "no_common_hours": _("Ze hebben samen minder dan een uur per week vrij."),
            "too_far": _("Online kan niet, en op locatie is het te ver voor de vrijwilliger."),
            "no_common_mode": _(
                "Ze kunnen niet op dezelfde manier afspreken (online of op locatie)."
            ),
        }

        self.states = {code: str(name) for code, name in MATCH_STATES.items()}
        self.priorities = {code: self.label(PRIORITY, code) for code in PRIORITY}
        self._joined: dict[tuple[int, tuple[str, ...]], str] = {}
        self._numbers: dict[float, str] = {}

    def label(self, index: dict[str, Any], code: str) -> str:
        """The vocabulary label of ``code`` in this request's language."""
        term = index.get(code)
        return term.label(self.locale) if term else code

    def labels(self, index: dict[str, Any], codes: list[str]) -> str:
        """Comma-separated labels; remembered, since a page repeats the same few lists."""
        key = (id(index), tuple(codes))
        joined = self._joined.get(key)
        if joined is None:
            joined = self._joined[key] = ", ".join(self.label(index, code) for code in codes)
        return joined

    def number(self, value: float) -> str:
        """``value`` with at most one decimal, written the language's way (2,5 in Dutch)."""
        shown = self._numbers.get(value)
        if shown is None:
            shown = self._numbers[value] = format_decimal(value, "0.#", locale=self.locale)
        return shown

    def proposal(self, explanation: dict[str, Any], mode: str | None, priority: str) -> list[str]:
        """The sentences that say why this volunteer was proposed for this pupil."""
        t = self.text
        if explanation.get("manual"):
            return [t["manual"]]
        said = [
            t["subjects"] % {"subjects": self.labels(SUBJECT, explanation["shared_subjects"])},
            t["hours"] % {"hours": self.number(explanation["common_minutes"] / 60)},
        ]
        if mode == "in_person" and "distance_km" in explanation:
            said.append(t["in_person"] % {"km": self.number(explanation["distance_km"])})
        else:
            said.append(t["online"])
        if explanation.get("needs_language"):
            said.append(
                t["needs_language"]
                % {"language": self.label(LANGUAGE, explanation["needs_language"])}
            )
        elif explanation.get("shared_languages"):
            said.append(
                t["language"]
                % {"languages": self.labels(LANGUAGE, explanation["shared_languages"])}
            )
        said.append(
            t["priority"]
            % {
                "priority": self.label(PRIORITY, priority).lower(),
                "days": explanation.get("waiting_days", "?"),
            }
        )
        return said

    def reason(self, code: str, params: dict[str, Any]) -> str:
        """One translated reason why a pupil stayed unmatched."""
        shown = dict(params)
        if "subjects" in shown:
            shown["subjects"] = self.labels(SUBJECT, shown["subjects"])
        if "level" in shown:
            shown["level"] = self.label(LEVEL, shown["level"])
        if "language" in shown:
            shown["language"] = self.label(LANGUAGE, shown["language"])
        if "mode" in shown:
            shown["mode"] = self.modes.get(shown["mode"], shown["mode"])
        for distance in ("nearest_km", "limit_km"):
            if isinstance(shown.get(distance), int | float):
                shown[distance] = self.number(shown[distance])
        template = self.reasons.get(code)
        return template % shown if template else code

    def refusal(self, code: str) -> str:
        """Why a decision was refused; rule codes reuse the unmatched-reason wording."""
        if code in self.refusals:
            return self.refusals[code]
        return _("De harde regels staan dit paar niet (meer) toe (%(code)s).", code=code)
