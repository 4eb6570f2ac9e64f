"""Tests for vendoreval.mcda.ordering: knock-outs last, ties by cost then name, ranks 1..n."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.mcda.strategies import Problem, problems, small_problems
from vendoreval.errors import ArgumentError
from vendoreval.mcda import (
    METHODS,
    TIE_TOLERANCE,
    RankingResult,
    aggregate,
    rank_order,
    rank_vendors,
    tiebreak_positions,
    topsis,
    weighted_sum,
)


def _first(ranks: npt.NDArray[np.int64]) -> int:
    return int(np.argmin(ranks))


# ----------------------------------------------------------------------------- properties


@pytest.mark.parametrize("method", sorted(METHODS))
@given(problem=problems(max_criteria=5), data=st.data())
def test_dominating_vendor_ranks_first(method: str, problem: Problem, data: st.DataObject) -> None:
    scores, weights, _, costs, names = problem
    scores = scores * 0.9  # leave headroom below 100
    best = scores.max(axis=0) + data.draw(
        hnp.arrays(np.float64, scores.shape[1], elements=st.floats(0.5, 10.0))
    )
    where = data.draw(st.integers(0, scores.shape[0]))
    matrix = np.insert(scores, where, best, axis=0)
    n = matrix.shape[0]
    ranks = rank_order(
        aggregate(matrix, weights, method),
        [True] * n,
        np.insert(costs, where, 9e9),  # the dominating vendor is the dearest: no tie help
        [*names[:where], "~dominant", *names[where:]],
    )
    assert _first(ranks) == where


@pytest.mark.parametrize("method", sorted(METHODS))
@given(problem=problems(integer_scores=True))
def test_ranks_are_a_permutation(method: str, problem: Problem) -> None:
    scores, weights, passed, costs, names = problem
    ranks = rank_order(aggregate(scores, weights, method), passed, costs, names)
    assert ranks.dtype == np.int64
    assert sorted(ranks.tolist()) == list(range(1, len(names) + 1))


@pytest.mark.parametrize("method", sorted(METHODS))
@given(problem=problems(integer_scores=True), data=st.data())
def test_shuffling_vendors_keeps_their_ranks(
    method: str, problem: Problem, data: st.DataObject
) -> None:
    scores, weights, passed, costs, names = problem
    perm = np.array(data.draw(st.permutations(range(len(names)))), dtype=np.int64)
    ranks = rank_order(aggregate(scores, weights, method), passed, costs, names)
    shuffled = rank_order(
        aggregate(scores[perm], weights, method),
        passed[perm],
        costs[perm],
        [names[i] for i in perm],
    )
    np.testing.assert_array_equal(shuffled, ranks[perm])


@given(problem=problems(integer_scores=True), data=st.data())
def test_adding_a_dominated_vendor_keeps_the_others_order(
    problem: Problem, data: st.DataObject
) -> None:
    scores, weights, passed, costs, names = problem
    dominator = data.draw(st.integers(0, len(names) - 1))
    drop = data.draw(hnp.arrays(np.float64, scores.shape[1], elements=st.floats(0.0, 20.0)))
    added = np.vstack([scores, np.maximum(scores[dominator] - drop, 0.0)])
    before = rank_order(weighted_sum(scores, weights), passed, costs, names)
    after = rank_order(
        weighted_sum(added, weights),
        np.append(passed, data.draw(st.booleans())),
        np.append(costs, 1.0),  # cheapest: wins every tie it is in
        [*names, "~added"],
    )[:-1]
    np.testing.assert_array_equal(np.argsort(after), np.argsort(before))


@given(problems(integer_scores=True))
def test_knocked_out_vendors_rank_after_every_passed_vendor(problem: Problem) -> None:
    scores, weights, passed, costs, names = problem
    for method in METHODS:
        ranks = rank_order(aggregate(scores, weights, method), passed, costs, names)
        if passed.any() and (~passed).any():
            assert ranks[passed].max() < ranks[~passed].min()
        assert sorted(ranks[passed].tolist()) == list(range(1, int(passed.sum()) + 1))


@given(problems(integer_scores=True))
def test_stacked_rank_order_equals_row_by_row(problem: Problem) -> None:
    scores, weights, passed, costs, names = problem
    stack = np.stack([weighted_sum(scores, weights), topsis(scores, weights)])
    np.testing.assert_array_equal(
        rank_order(stack, passed, costs, names),
        [rank_order(row, passed, costs, names) for row in stack],
    )


@given(small_problems(integer=True))
def test_rank_order_equals_sorting_by_the_documented_key(problem: Problem) -> None:
    scores, weights, passed, costs, names = problem
    ranks = rank_order(weighted_sum(scores, weights), passed, costs, names)
    # integer scores and weights: the exact weighted sums are fractions, so ties are exact
    total = int(weights.sum())
    exact = [
        Fraction(sum(int(x) * int(w) for x, w in zip(row, weights, strict=True)), total)
        for row in scores
    ]
    order = sorted(range(len(names)), key=lambda i: (not passed[i], -exact[i], costs[i], names[i]))
    expected = np.empty(len(names), dtype=np.int64)
    expected[order] = np.arange(1, len(names) + 1)
    np.testing.assert_array_equal(ranks, expected)


# ----------------------------------------------------------------------------- ties


def test_rank_order_example() -> None:
    ranks = rank_order([70.0, 90.0, 70.0], [True, False, True], [5e4, 4e4, 3e4], ["A", "B", "C"])
    np.testing.assert_array_equal(ranks, [2, 3, 1])


def test_score_ties_go_to_lower_cost_then_name() -> None:
    scores = [80.0, 80.0, 80.0, 95.0]
    ranks = rank_order(scores, [True] * 4, [2e4, 1e4, 1e4, 5e4], ["Zeta", "Beta", "Alpha", "Top"])
    np.testing.assert_array_equal(ranks, [4, 3, 2, 1])


def test_scores_within_the_tolerance_are_tied() -> None:
    names = ["Dear", "Cheap"]
    costs = [2e4, 1e4]
    tied = rank_order([60.0 + TIE_TOLERANCE / 2, 60.0], [True, True], costs, names)
    np.testing.assert_array_equal(tied, [2, 1])  # a tie: the cheaper vendor first
    apart = rank_order([60.0 + 2 * TIE_TOLERANCE, 60.0], [True, True], costs, names)
    np.testing.assert_array_equal(apart, [1, 2])  # a real difference: the higher score first


def test_knock_out_beats_score() -> None:
    ranks = rank_order([99.0, 10.0], [False, True], [1.0, 1.0], ["High", "Low"])
    np.testing.assert_array_equal(ranks, [2, 1])


def test_tiebreak_positions_order_by_cost_then_name() -> None:
    positions = tiebreak_positions(np.array([2.0, 1.0, 1.0, 0.5]), ["A", "C", "B", "Z"])
    np.testing.assert_array_equal(positions, [3, 2, 1, 0])


# ----------------------------------------------------------------------------- result


def test_rank_vendors_result_and_frame() -> None:
    result = rank_vendors(
        [[80.0, 40.0], [50.0, 90.0], [99.0, 99.0]],
        [0.5, 0.5],
        [True, True, False],
        [1000.0, 900.0, 800.0],
        ["Acme", "Bolt", "Cargo"],
        method="topsis",
    )
    assert isinstance(result, RankingResult)
    assert result.method == "topsis"
    assert result.winner == "Bolt"
    frame = result.to_frame()
    assert frame.index.name == "vendor"
    assert frame.index.tolist() == ["Bolt", "Acme", "Cargo"]
    assert frame["rank"].tolist() == [1, 2, 3]
    assert frame["passed"].tolist() == [True, True, False]
    with pytest.raises(ValueError, match="read-only"):
        result.ranks[0] = 5
    frame.loc["Bolt", "score"] = -1.0  # the frame is the caller's to change
    assert result.scores.min() >= 0.0


def test_rank_vendors_equals_aggregate_then_rank_order() -> None:
    rng = np.random.default_rng(5)
    scores = rng.uniform(0, 100, (6, 4))
    weights = rng.dirichlet(np.ones(4))
    passed = np.array([True, False, True, True, False, True])
    costs = rng.uniform(1e4, 2e4, 6)
    names = list("UVWXYZ")
    for method in METHODS:
        result = rank_vendors(scores, weights, passed, costs, names, method)
        expected = aggregate(scores, weights, method)
        np.testing.assert_array_equal(result.scores, expected)
        np.testing.assert_array_equal(result.ranks, rank_order(expected, passed, costs, names))


def test_rank_vendors_takes_one_matrix() -> None:
    with pytest.raises(ArgumentError, match=r"scores: expected shape \(n_vendors, n_criteria\)"):
        rank_vendors(np.ones((2, 2, 2)), [0.5, 0.5], [True] * 2, [1.0] * 2, ["A", "B"])


def test_non_finite_aggregate_scores_are_rejected() -> None:
    with pytest.raises(ValueError, match="aggregate_scores: expected finite"):
        rank_order([1.0, float("nan")], [True, True], [1.0, 1.0], ["A", "B"])
    with pytest.raises(ArgumentError, match="aggregate_scores: expected one score per vendor"):
        rank_order([], [], [], [])
