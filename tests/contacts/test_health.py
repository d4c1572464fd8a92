"""The health signal of a live pair: the rule, exact cases, and that worse never looks better."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.contacts.health import LEVELS, assess
from matcher.contacts.thresholds import Thresholds

RHYTHMS = st.sampled_from(("weekly", "twice_weekly", "fortnightly"))
SCORES = st.lists(st.integers(1, 5), min_size=3, max_size=3)
CHECKINS = st.lists(SCORES, max_size=2)


def level(**values) -> str:
    base = {"silent_days": 0, "rhythm": "weekly", "unreached_in_a_row": 0, "checkins": ()}
    return assess(**{**base, **values}).level


@pytest.mark.parametrize(("values", "expected"), [
    ({}, "green"),
    ({"silent_days": 9}, "green"),
    ({"silent_days": 10}, "orange"),  # the weekly reminder day
    ({"silent_days": 13}, "orange"),
    ({"silent_days": 14}, "red"),
    ({"silent_days": 5, "rhythm": "twice_weekly"}, "orange"),
    ({"silent_days": 20, "rhythm": "fortnightly"}, "red"),
    ({"unreached_in_a_row": 1}, "orange"),
    ({"unreached_in_a_row": 2}, "orange"),
    ({"unreached_in_a_row": 3}, "red"),
    ({"checkins": ((3, 3, 3),)}, "green"),
    ({"checkins": ((5, 5, 2),)}, "orange"),
    ({"checkins": ((2, 2, 3),)}, "orange"),  # average 7/3 is above 2
    ({"checkins": ((2, 2, 2),)}, "red"),
    ({"checkins": ((5, 5, 5), (1, 2, 3))}, "red"),  # the worse side counts
])
def test_the_signal_follows_the_documented_rule(values, expected):
    assert level(**values) == expected


def test_each_reason_is_named_with_its_number():
    health = assess(silent_days=16, rhythm="weekly", unreached_in_a_row=3,
                    checkins=((1, 2, 2), (4, 4, 4)))
    assert [(r.code, r.level, r.number) for r in health.reasons] == [
        ("silent_long", "red", 16), ("unreached_often", "red", 3),
        ("low_average", "red", Fraction(5, 3)),
    ]
    assert assess(silent_days=0, rhythm="weekly", unreached_in_a_row=0, checkins=()).reasons == ()


def test_red_ranks_before_orange_before_green():
    ranks = [assess(silent_days=d, rhythm="weekly", unreached_in_a_row=0, checkins=()).rank
             for d in (20, 11, 0)]
    assert ranks == [0, 1, 2]


@given(st.integers(0, 400), st.integers(0, 60), RHYTHMS, st.integers(0, 12), CHECKINS)
def test_more_silence_never_makes_the_signal_better(days, more, rhythm, unreached, checkins):
    before = level(silent_days=days, rhythm=rhythm, unreached_in_a_row=unreached,
                   checkins=checkins)
    after = level(silent_days=days + more, rhythm=rhythm, unreached_in_a_row=unreached,
                  checkins=checkins)
    assert LEVELS.index(after) >= LEVELS.index(before)


@given(st.integers(0, 400), RHYTHMS, st.integers(0, 12), st.integers(0, 12), CHECKINS)
def test_more_unreached_attempts_never_make_the_signal_better(days, rhythm, unreached, more,
                                                               checkins):
    before = level(silent_days=days, rhythm=rhythm, unreached_in_a_row=unreached,
                   checkins=checkins)
    after = level(silent_days=days, rhythm=rhythm, unreached_in_a_row=unreached + more,
                  checkins=checkins)
    assert LEVELS.index(after) >= LEVELS.index(before)


@given(st.integers(0, 400), RHYTHMS, st.integers(0, 12), SCORES, st.integers(0, 2),
       st.integers(0, 4))
def test_a_lower_score_never_makes_the_signal_better(days, rhythm, unreached, scores, which,
                                                     drop):
    lowered = list(scores)
    lowered[which] = max(lowered[which] - drop, 1)
    values = {"silent_days": days, "rhythm": rhythm, "unreached_in_a_row": unreached}
    before, after = level(**values, checkins=(scores,)), level(**values, checkins=(lowered,))
    assert LEVELS.index(after) >= LEVELS.index(before)


def test_a_regions_own_thresholds_decide_when_silence_turns_red():
    strict = Thresholds(attention_day=7, unreached_in_a_row=2)
    week = {"silent_days": 7, "rhythm": "weekly", "unreached_in_a_row": 2, "checkins": ()}
    assert assess(**week).level == "orange"
    assert [r.code for r in assess(**week, thresholds=strict).reasons] == [
        "silent_long", "unreached_often"]
