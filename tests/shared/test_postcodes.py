"""The offline PC4 table, postcode normalisation and the default regions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.shared.errors import BadInput
from matcher.shared.geo import haversine_km
from matcher.shared.postcodes import (
    DEFAULT_REGIONS,
    PROVINCES,
    RegionDefinition,
    all_postcodes,
    lookup,
    normalise_pc4,
    postcodes_in,
    province_ranges,
    region_for,
)


@pytest.mark.parametrize(
    ("code", "locality", "province"),
    [
        ("3511", "Utrecht", "Utrecht"),
        ("1012", "Amsterdam", "Noord-Holland"),
        ("2511", "'s-Gravenhage", "Zuid-Holland"),
        ("9712", "Groningen", "Groningen"),
        ("6211", "Maastricht", "Limburg"),
        ("8911", "Leeuwarden", "Fryslân"),
    ],
)
def test_known_codes_have_their_locality_and_province(code, locality, province):
    postcode = lookup(code)
    assert (postcode.locality, postcode.province) == (locality, province)


def test_utrecht_centre_lies_near_the_dom_tower():
    utrecht = lookup("3511")
    assert haversine_km(utrecht.lat, utrecht.lon, 52.0907, 5.1214) < 2
    assert not utrecht.approximate


def test_amsterdam_codes_do_not_share_one_point():
    amsterdam = [p for p in all_postcodes() if p.locality == "Amsterdam"]
    assert len(amsterdam) > 50
    assert len({(p.lat, p.lon) for p in amsterdam}) == len(amsterdam)


def test_the_table_covers_every_province_with_about_four_thousand_codes():
    table = all_postcodes()
    assert 4000 <= len(table) <= 4200
    assert {p.province for p in table} == set(PROVINCES)
    assert all(50.7 < p.lat < 53.6 and 3.3 < p.lon < 7.3 for p in table)


def test_only_centroids_count_as_exact():
    table = all_postcodes()
    assert {p.placement for p in table} == {"centroid", "place", "nearest_code"}
    assert all(p.approximate == (p.placement != "centroid") for p in table)


def test_an_unknown_but_well_formed_code_is_none():
    assert lookup("1000") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3511", "3511"), ("3511 AB", "3511"), ("3511ab", "3511"), (" 1012  cd ", "1012")],
)
def test_normalise_keeps_the_four_digits(text, expected):
    assert normalise_pc4(text) == expected


@pytest.mark.parametrize(
    "text", ["12a4", "0123", "123", "12345", "3511 A", "3511 ABC", "", None, 3511]
)
def test_normalise_rejects_junk_naming_the_field(text):
    with pytest.raises(BadInput, match=r"^postcode: "):
        normalise_pc4(text)


def test_lookup_of_junk_is_bad_input_not_none():
    with pytest.raises(BadInput):
        lookup("abcd")


def test_twelve_default_regions_one_per_province():
    assert len(DEFAULT_REGIONS) == 12
    assert [r.name for r in DEFAULT_REGIONS] == list(PROVINCES)
    assert len({r.slug for r in DEFAULT_REGIONS}) == 12


def test_every_known_code_falls_in_the_region_of_its_province():
    for postcode in all_postcodes():
        assert region_for(postcode.pc4, DEFAULT_REGIONS).name == postcode.province


def test_a_code_between_provinces_falls_in_no_region():
    assert region_for("1000", DEFAULT_REGIONS) is None


def test_a_code_outside_custom_regions_is_reported_as_none():
    amersfoort = RegionDefinition(slug="amersfoort", name="Amersfoort", ranges=((3811, 3829),))
    assert region_for("3818 AB", [amersfoort]) == amersfoort
    assert region_for("3511", [amersfoort]) is None


def test_region_postcodes_are_exactly_the_province_codes():
    utrecht = next(r for r in DEFAULT_REGIONS if r.slug == "utrecht")
    assert {p.pc4 for p in postcodes_in(utrecht)} == {
        p.pc4 for p in all_postcodes() if p.province == "Utrecht"
    }


def test_unknown_province_has_no_ranges():
    with pytest.raises(ValueError, match="unknown province"):
        province_ranges("Brabant")


@given(st.integers(1000, 9999), st.sampled_from(["", "AB", " xy", "  Zz"]))
def test_any_four_digit_code_with_letters_normalises_to_its_digits(number, letters):
    assert normalise_pc4(f"{number}{letters}") == str(number)
