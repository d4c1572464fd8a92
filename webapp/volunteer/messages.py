"""Messages for the reason codes of :mod:`matcher.volunteers.sign_up_rules` and
:mod:`matcher.shared.weekly_slots`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# A field-specific message wins over the general one for the same reason.
FIELD_MESSAGES = {
    ("name", "required"): _l("Vul uw naam in."),
    ("email", "required"): _l("Vul uw e-mailadres in."),
    ("postcode", "required"): _l("Vul uw postcode in."),
    ("subjects", "required"): _l("Kies minstens één vak."),
    ("levels", "required"): _l("Kies minstens één schoolniveau."),
    ("languages", "required"): _l("Kies minstens één taal."),
    ("availability", "required"): _l("Vul minstens één dag met begin- en eindtijd in."),
    ("motivation", "required"): _l("Schrijf in een paar zinnen waarom u wilt helpen."),
    ("adult", "must_accept"): _l("U moet 18 jaar of ouder zijn om vrijwilliger te worden."),
    ("privacy_consent", "must_accept"): _l(
        "Wij kunnen uw aanmelding alleen verwerken als u akkoord gaat met de privacyverklaring."
    ),
    ("max_distance_km", "out_of_range"): _l("Vul een afstand in tussen 1 en 100 km."),
    ("capacity", "out_of_range"): _l("Kies 1, 2 of 3 leerlingen."),
}

REASON_MESSAGES = {
    "required": _l("Vul dit veld in."),
    "too_long": _l("Dit is te lang."),
    "not_an_email": _l("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
    "not_a_phone": _l("Vul een telefoonnummer in zoals 06 1234 5678."),
    "not_a_postcode": _l("Vul een postcode in zoals 3511 of 3511 AB."),
    "unknown_code": _l("Kies uit de lijst."),
    "required_in_person": _l("Vul in hoe ver u wilt reizen, of kies online."),
    "must_accept": _l("Vink dit aan om verder te gaan."),
    "not_a_time": _l("Vul een tijd in zoals 15:00."),
    "midnight_only_as_end": _l("24:00 kan alleen als eindtijd."),
    "end_before_start": _l("De eindtijd moet na de begintijd liggen."),
    "unknown_day": _l("Kies een dag."),
    "too_many_rows": _l("Te veel rijen."),
}


def message(field: str, reason: str) -> str:
    """The message to show for ``reason`` on ``field`` in the page's language."""
    found = FIELD_MESSAGES.get((field, reason)) or REASON_MESSAGES.get(reason)
    return str(found or REASON_MESSAGES["required"])
