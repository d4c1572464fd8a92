"""Properties that hold for every instance, checked on random ones with hypothesis."""

import numpy as np
from assignment_oracles import is_feasible, random_instance
from hypothesis import given
from hypothesis import strategies as st

from algorithms import solve_assignment

instances = st.builds(
    lambda seed, n_rows, n_cols, options, n_classes, max_cost: random_instance(
        np.random.default_rng(seed), n_rows, n_cols, options, n_classes, max_cost
    ),
    seed=st.integers(0, 2**32 - 1),
    n_rows=st.integers(0, 40),
    n_cols=st.integers(1, 15),
    options=st.integers(0, 5),
    n_classes=st.integers(1, 4),
    max_cost=st.sampled_from([0, 10, 999_999]),
)


def optimum(result):
    """Lexicographic key of a result: smaller is better."""
    return tuple(-count for count in result.matched_per_class), result.total_cost


@given(instance=instances)
def test_chosen_edges_exist_are_ascending_and_respect_rows_and_capacities(instance):
    result = solve_assignment(**instance)
    chosen = result.chosen
    assert chosen.dtype == np.int64
    assert np.all((chosen >= 0) & (chosen < len(instance["edge_row"])))
    assert np.all(np.diff(chosen) > 0)
    assert is_feasible(instance, chosen)
    assert sum(result.matched_per_class) == chosen.size
    assert len(result.matched_per_class) == instance["n_classes"]
    assert result.total_cost == int(instance["edge_cost"][chosen].sum())
    assert result.status == "optimal"


@given(instance=instances)
def test_same_input_gives_the_same_edges_and_leaves_the_input_untouched(instance):
    before = {key: np.copy(value) for key, value in instance.items()}
    first = solve_assignment(**instance)
    second = solve_assignment(**instance)
    assert first.chosen.tolist() == second.chosen.tolist()
    assert all(np.array_equal(instance[key], before[key]) for key in instance)


@given(instance=instances)
def test_all_methods_agree_on_class_counts_and_total_cost(instance):
    results = [solve_assignment(**instance, method=m) for m in ("ortools", "scipy", "networkx")]
    assert len({optimum(result) for result in results}) == 1
    assert all(is_feasible(instance, result.chosen) for result in results)


@given(instance=instances, seed=st.integers(0, 2**32 - 1))
def test_the_order_of_the_edges_does_not_change_the_optimum(instance, seed):
    order = np.random.default_rng(seed).permutation(len(instance["edge_row"]))
    shuffled = {
        **instance,
        **{key: instance[key][order] for key in ("edge_row", "edge_col", "edge_cost")},
    }
    assert optimum(solve_assignment(**shuffled)) == optimum(solve_assignment(**instance))


@given(instance=instances, column=st.integers(0, 14))
def test_more_capacity_never_makes_the_optimum_worse(instance, column):
    column %= instance["n_cols"]
    roomier = {**instance, "col_capacity": instance["col_capacity"].copy()}
    roomier["col_capacity"][column] += 1
    assert optimum(solve_assignment(**roomier)) <= optimum(solve_assignment(**instance))


@given(instance=instances)
def test_dropping_edges_that_were_not_chosen_keeps_the_optimum(instance):
    result = solve_assignment(**instance)
    kept = {
        **instance,
        **{key: instance[key][result.chosen] for key in ("edge_row", "edge_col", "edge_cost")},
    }
    assert optimum(solve_assignment(**kept)) == optimum(result)
