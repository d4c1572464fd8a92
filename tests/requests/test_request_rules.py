"""Every rule of a buddy request, with the exact message a school sees."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.requests.problems import InvalidRequest
from matcher.requests.rules import SchoolContext, check_request

from .conftest import valid_values

UTRECHT_SCHOOL = SchoolContext(("havo", "vwo", "vmbo-gt"), "Utrecht", ((3400, 3999),))


def problems_for(**changes: object) -> dict[str, str]:
    with pytest.raises(InvalidRequest) as refused:
        check_request(valid_values(**changes), UTRECHT_SCHOOL)
    return {problem.field: problem.text() for problem in refused.value.problems}


def test_a_complete_request_becomes_a_draft_of_codes():
    draft = check_request(
        valid_values(subjects="Wiskunde, Engels", mode="beide", postcode="3511 AB"),
        UTRECHT_SCHOOL,
    )
    assert draft.subjects == ("wiskunde", "engels")
    assert draft.mode == "both"
    assert draft.pc4 == 3511
    assert draft.availability == [
        {"day": "mon", "start": 900, "end": 1020},
        {"day": "wed", "start": 840, "end": 960},
    ]
    assert draft.priority == "normal"
    assert draft.priority_reason is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reference": " "},
            "reference",
            "vul een referentie in, zoals een voornaam met initiaal of een eigen code",
        ),
        ({"reference": "x" * 31}, "reference", "maximaal 30 tekens (nu 31)"),
        (
            {"reference": "Sara <b>"},
            "reference",
            "gebruik alleen letters, cijfers, spaties en . - _ / '",
        ),
        (
            {"reference": "Sara 12-03-2011"},
            "reference",
            "lijkt een datum te bevatten; een geboortedatum hoort hier niet",
        ),
        (
            {"reference": "S.B. 20110312"},
            "reference",
            "lijkt een datum te bevatten; een geboortedatum hoort hier niet",
        ),
        (
            {"reference": "Sara de Boer"},
            "reference",
            'lijkt een volledige naam; gebruik een voornaam met initiaal (zoals "Sara B.") '
            "of een eigen code",
        ),
        ({"level": ""}, "level", "kies een niveau"),
        ({"level": "havo5"}, "level", 'onbekend niveau "havo5"'),
        ({"level": "pro"}, "level", 'niveau "pro" wordt op deze school niet gegeven'),
        ({"school_year": ""}, "school_year", "kies een leerjaar"),
        ({"school_year": "7"}, "school_year", 'leerjaar moet 1 tot en met 6 zijn, niet "7"'),
        ({"school_year": "twee"}, "school_year", 'leerjaar moet 1 tot en met 6 zijn, niet "twee"'),
        (
            {"school_year": "6", "level": "havo"},
            "school_year",
            "havo heeft geen leerjaar 6",
        ),
        ({"subjects": ""}, "subjects", "kies minstens één vak"),
        ({"subjects": "wiskunde, sterrenkunde"}, "subjects", 'onbekend vak "sterrenkunde"'),
        (
            {"needs": ""},
            "needs",
            "kies minstens één behoefte: waarom zoekt de school een maatje?",
        ),
        ({"needs": "verveling"}, "needs", 'onbekende behoefte "verveling"'),
        ({"languages": "nl, klingon"}, "languages", 'onbekende taal "klingon"'),
        ({"needs_language": "xx"}, "needs_language", 'onbekende taal "xx"'),
        (
            {"availability": ""},
            "availability",
            "geef minstens één tijdvak op waarin de leerling kan",
        ),
        (
            {"availability": "maandagmiddag"},
            "availability",
            'tijdvak 1 ("maandagmiddag"): schrijf het als "ma 15:00-17:00"',
        ),
        (
            {"availability": "ma 15:00-17:00, xy 15:00-17:00"},
            "availability",
            'tijdvak 2: onbekende dag "xy"',
        ),
        (
            {"availability": "di 15:00-25:00"},
            "availability",
            'tijdvak 1: onbekende tijd "25:00"; schrijf uu:mm, zoals 15:30',
        ),
        (
            {"availability": "di 17:00-15:00"},
            "availability",
            "tijdvak 1: de eindtijd moet na de begintijd liggen",
        ),
        (
            {"availability": "di 24:00-24:00"},
            "availability",
            "tijdvak 1: 24:00 kan alleen als eindtijd",
        ),
        (
            {"availability": ", ".join(f"ma {h:02d}:00-{h:02d}:30" for h in range(22))},
            "availability",
            "maximaal 21 tijdvakken",
        ),
        ({"mode": ""}, "mode", "kies online, op locatie of beide"),
        (
            {"mode": "thuis"},
            "mode",
            'onbekende vorm "thuis"; kies online, op locatie of beide',
        ),
        ({"postcode": ""}, "postcode", "vul de postcode in (4 cijfers)"),
        ({"postcode": "35x1"}, "postcode", 'vul vier cijfers in, zoals 3511, niet "35x1"'),
        ({"postcode": "9711"}, "postcode", "postcode 9711 ligt niet in regio Utrecht"),
        (
            {"consent": "nee"},
            "consent",
            "bevestig dat de school toestemming heeft van de leerling en de ouders",
        ),
        (
            {"priority": "spoed"},
            "priority",
            'onbekende urgentie "spoed"; kies urgent, hoog of normaal',
        ),
        (
            {"priority": "urgent"},
            "priority_reason",
            'Koppel stelt urgentie "Normaal" voor; geef een korte reden als u kiest voor "Urgent"',
        ),
        (
            {"priority": "urgent", "priority_reason": "x" * 201},
            "priority_reason",
            "maximaal 200 tekens (nu 201)",
        ),
    ],
)
def test_each_rule_names_its_field_and_says_what_to_do(changes, field, message):
    assert problems_for(**changes)[field] == message


def test_all_problems_are_reported_at_once():
    found = problems_for(reference="", level="havo5", postcode="", consent="")
    assert set(found) == {"reference", "level", "postcode", "consent"}


def test_an_unsafe_home_is_proposed_as_urgent():
    draft = check_request(valid_values(needs="geen_werkplek, onveilig_thuis"), UTRECHT_SCHOOL)
    assert draft.priority == "urgent"


def test_the_school_may_lower_the_proposal_with_a_reason():
    draft = check_request(
        valid_values(needs="stress_thuis", priority="normaal", priority_reason="Gaat al beter"),
        UTRECHT_SCHOOL,
    )
    assert (draft.priority, draft.priority_reason) == ("normal", "Gaat al beter")


def test_a_reason_that_agrees_with_the_proposal_is_not_kept():
    draft = check_request(
        valid_values(needs="stress_thuis", priority="hoog", priority_reason="zomaar"),
        UTRECHT_SCHOOL,
    )
    assert (draft.priority, draft.priority_reason) == ("high", None)


def test_the_required_language_is_added_to_the_pupils_languages():
    draft = check_request(valid_values(languages="nl", needs_language="ar"), UTRECHT_SCHOOL)
    assert (draft.languages, draft.needs_language) == (("nl", "ar"), "ar")


@pytest.mark.parametrize("reference", ["Sara B.", "Sara van B.", "LL-001", "2B-14", "Ömer K."])
def test_first_names_with_an_initial_and_school_codes_are_accepted(reference):
    assert check_request(valid_values(reference=reference), UTRECHT_SCHOOL).reference == reference


def test_form_rows_and_csv_text_give_the_same_availability():
    rows = [
        {"day": "mon", "start": "15:00", "end": "17:00"},
        {"day": "", "start": "", "end": ""},
        {"day": "wed", "start": "14:00", "end": "16:00"},
    ]
    from_form = check_request(valid_values(availability=rows), UTRECHT_SCHOOL)
    from_csv = check_request(valid_values(), UTRECHT_SCHOOL)
    assert from_form.availability == from_csv.availability


def test_a_half_filled_form_row_is_refused_and_named_by_its_line_in_the_form():
    rows = [{"day": "", "start": "", "end": ""}, {"day": "mon", "start": "15:00", "end": ""}]
    assert problems_for(availability=rows)["availability"] == (
        "tijdvak 2: vul dag, begintijd en eindtijd in"
    )


def test_a_school_without_listed_levels_or_ranges_accepts_any_level_and_known_postcode():
    anywhere = SchoolContext((), "Nergens")
    draft = check_request(valid_values(level="pro", postcode="9711"), anywhere)
    assert (draft.level, draft.pc4) == ("pro", 9711)


@given(st.dictionaries(st.sampled_from(list(valid_values())), st.text(max_size=40)))
def test_any_text_in_any_field_is_either_accepted_or_refused_with_messages(changes):
    try:
        check_request(valid_values(**changes), UTRECHT_SCHOOL)
    except InvalidRequest as refused:
        assert refused.problems
        assert all(problem.text() for problem in refused.problems)
