"""Weekly overlap: unions, touching intervals, and the vectorised product against the
plain two-pointer count."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matcher.matching.availability import WeeklyTable, overlap_matrix, overlap_minutes, union

WEEK = 7 * 1440


def test_touching_intervals_overlap_zero_minutes():
    assert overlap_minutes([(900, 960)], [(960, 1020)]) == 0


def test_a_persons_own_overlapping_intervals_are_counted_once():
    assert overlap_minutes([(900, 1000), (950, 1020), (900, 1020)], [(0, WEEK)]) == 120


def test_union_merges_overlapping_and_touching_intervals():
    assert union([(30, 60), (0, 30), (100, 110), (105, 120)]) == ((0, 60), (100, 120))


def test_an_interval_ending_at_24_00_meets_one_starting_at_midnight_of_the_next_day_for_zero():
    sunday_night, monday_morning = (7 * 1440 - 60, 7 * 1440), (0, 60)
    assert overlap_minutes([sunday_night, monday_morning], [(7 * 1440 - 30, 7 * 1440)]) == 30


intervals = st.lists(
    st.tuples(st.integers(0, WEEK - 1), st.integers(1, 600)).map(
        lambda t: (t[0], min(WEEK, t[0] + t[1]))
    ),
    max_size=6,
)


@given(st.lists(intervals, min_size=1, max_size=6), st.lists(intervals, min_size=1, max_size=6))
def test_the_matrix_product_equals_the_exact_count_for_every_pair(left, right):
    product = overlap_matrix(
        WeeklyTable.of(left), np.arange(len(left)), WeeklyTable.of(right), np.arange(len(right))
    )
    expected = [[overlap_minutes(a, b) for b in right] for a in left]
    assert product.tolist() == expected
