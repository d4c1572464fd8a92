"""What a refused use case tells the visitor, in the page's language.

Use cases raise :class:`~matcher.shared.errors.RuleViolation` with a stable code and the
values behind it; their English wording is for commands and logs. Pages look the
code up here (Dutch message ids, English in the catalogue) and fill in the values,
so no English domain text reaches a Dutch page. A test checks that every code a
use case can raise has a message here that needs no value the use case lacks.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from matcher.shared.errors import BadInput, RuleViolation
from webapp.shared.account_forms import WEAKNESS_MESSAGES

# Refusals because of a state leave the state out: the pages that show them name it already.
MESSAGES = {
    # Screening (matcher.volunteers.screening)
    "text_too_long": _l("Hoogstens %(limit)s tekens."),
    "vog_too_old": _l(
        "Een VOG van %(issued_on)s is ouder dan %(years)s jaar; vraag een nieuwe VOG aan."
    ),
    "intake_missing": _l("Leg eerst het intakegesprek vast; daarna kunt u goedkeuren."),
    "vog_missing": _l("Leg eerst een VOG vast die nog geldig is; daarna kunt u goedkeuren."),
    "wrong_state": _l("Dat kan niet in de status waarin de vrijwilliger nu is."),
    "future_date": _l("Deze datum ligt in de toekomst."),
    "reason_missing": _l("Geef een reden."),
    # Invitations and the school register
    # (matcher.accounts.invitations, matcher.organisation.school_directory)
    "no_region": _l("Kies minstens één regio."),
    "unknown_region": _l("Kies een regio uit de lijst."),
    "not_an_email": _l("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
    "name_length": _l("Vul een naam in van hoogstens %(limit)s tekens."),
    "email_taken": _l("Er is al een account met dit e-mailadres."),
    # API tokens (matcher.accounts.api_tokens); "name_length" is shared with invitations.
    "unknown_scope": _l("Kies lezen, of lezen en schrijven."),
    "expiry_range": _l("Kies een vervaldatum van morgen tot hoogstens %(limit)s dagen vooruit."),
    "brin_format": _l("Twee cijfers en twee letters, bijvoorbeeld 12AB."),
    "vestiging_format": _l("Twee cijfers, bijvoorbeeld 00."),
    "unknown_level": _l("Kies een of meer niveaus uit de lijst."),
    "school_exists": _l("School %(brin)s %(vestiging)s staat al in het register."),
    # The volunteer's own profile (matcher.volunteers.sign_up)
    "not_while": _l("Dat kan niet in de status waarin uw aanmelding nu is."),
    "not_own_pause": _l(
        "Alleen een pauze die u zelf hebt gekozen kunt u hier beëindigen; "
        "neem contact op met uw coördinator."
    ),
    "no_profile": _l("Bij dit account hoort geen vrijwilligersprofiel."),
    "no_slots": _l("Vul minstens één dag met begin- en eindtijd in."),
    # Passwords (matcher.accounts.users)
    **WEAKNESS_MESSAGES,
    # Decisions on matches (matcher.matches.decisions, matcher.matches.answers); the reason
    # codes above ("reason_missing", "text_too_long") are shared with screening.
    "unknown_end_reason": _l("Kies een reden uit de lijst."),
    # Contact moments, rhythm and holiday pauses (matcher.contacts); "future_date" and
    # "text_too_long" are shared with screening.
    "match_not_active": _l("Dat kan alleen bij een koppeling die loopt."),
    "date_missing": _l("Vul een datum in."),
    "before_match_start": _l("De koppeling begon op %(started_on)s; kies die dag of later."),
    "minutes_range": _l("Vul een aantal minuten in van %(low)s tot en met %(high)s."),
    "unknown_way": _l("Kies hoe u contact had."),
    "unknown_topic": _l("Kies onderwerpen uit de lijst."),
    "unknown_mood": _l("Kies hoe het ging."),
    "correction_closed": _l(
        "Een contactmoment kunt u tot %(days)s dagen na het vastleggen aanpassen."
    ),
    "unknown_rhythm": _l("Kies een ritme uit de lijst."),
    "period_order": _l("De vakantie eindigt vóór hij begint; kies een latere einddatum."),
    "past_date": _l("Deze datum ligt in het verleden; kies vandaag of later."),
    # Concerns about a pupil (matcher.safeguarding); dates and lengths shared with the above.
    "observation_missing": _l("Schrijf op wat u zag of hoorde."),
    "danger_missing": _l("Kies ja of nee: is de leerling nu in gevaar?"),
    "match_too_long_ago": _l(
        "Deze koppeling is te lang geleden beëindigd om hier een zorg te melden; bel uw"
        " coördinator of Veilig Thuis (0800-2000)."
    ),
    "form_used": _l("Dit formulier is al gebruikt; open het opnieuw."),
    "concern_step": _l("Deze stap kan niet (meer); de melding is al verder."),
    "pause_too_long": _l("Een vakantiepauze duurt hoogstens %(weeks)s weken."),
    # The programme report's period (matcher.reports.programme)
    "report_date_outside": _l("Kies een datum tussen %(earliest)s en %(latest)s."),
    "report_period_order": _l("De periode eindigt vóór hij begint; kies een eerdere 'Van'."),
    "report_period_too_long": _l("Een periode duurt hoogstens %(years)s jaar."),
    # Check-ins, exit questions and requests to end a match (matcher.contacts);
    # "text_too_long", "match_not_active" and "unknown_end_reason" are shared above.
    "already_answered": _l("Deze vragen zijn al beantwoord."),
    "questionnaire_closed": _l(
        "De koppeling is beëindigd; deze tussentijdse vragen kunnen niet meer worden beantwoord."
    ),
    "score_range": _l("Kies een cijfer van %(low)s tot en met %(high)s."),
    "request_open": _l(
        "Er is al gevraagd deze koppeling te beëindigen; de coördinator beslist daarover."
    ),
    "request_settled": _l("Dit verzoek is al afgehandeld."),
    # A region's escalation thresholds (matcher.contacts.thresholds)
    "threshold_range": _l("Vul een heel getal in van %(low)s tot en met %(high)s."),
    "notice_before_attention": _l(
        "De school krijgt niet eerder bericht dan het koppel aandacht vraagt; "
        "vul %(attention_day)s of meer in."
    ),
    # A coordinator's absence (matcher.accounts.absences); "date_missing", "past_date" and
    # "text_too_long" are shared above.
    "absence_order": _l("De afwezigheid eindigt vóór hij begint; kies een latere einddatum."),
    "absence_too_long": _l("Een afwezigheid duurt hoogstens %(weeks)s weken."),
    "unknown_deputy": _l("Kies een coördinator uit de lijst."),
    "overlapping_absence": _l("U bent in een deel van deze periode al afwezig."),
}
# Shown for a plain BadInput, whose only text is the English one-liner.
GENERAL = _l("Dit kan niet; controleer wat u hebt ingevuld.")


def describe(error: BadInput) -> str:
    """The message for ``error`` in the current language, with its values filled in."""
    if not isinstance(error, RuleViolation):
        return str(GENERAL)
    values = {name: _shown(value) for name, value in error.params.items()}
    return str(MESSAGES[error.code]) % values


def _shown(value: object) -> str:
    return f"{value:%d-%m-%Y}" if isinstance(value, date) else str(value)
