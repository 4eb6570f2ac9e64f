"""Tests for vendoreval.ranking: weighted sum, TOPSIS, knock-out and tie ordering."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from pymcdm.methods import TOPSIS  # type: ignore[import-untyped]
from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped]

from vendoreval.ranking import (
    METHODS,
    TIE_TOLERANCE,
    RankingResult,
    aggregate,
    normalize_weights,
    rank_order,
    rank_vendors,
    resolve_method,
    topsis,
    weighted_sum,
)

FloatArray = npt.NDArray[np.float64]
Problem = tuple[FloatArray, FloatArray, npt.NDArray[np.bool_], FloatArray, list[str]]

# ----------------------------------------------------------------------------- strategies


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_vendors: int = 8,
    max_criteria: int = 6,
    integer_scores: bool = False,
    low: float = 0.0,
) -> Problem:
    """A score matrix, weights, knock-out flags, tie-break costs and vendor names."""
    n = draw(st.integers(1, max_vendors))
    m = draw(st.integers(1, max_criteria))
    if integer_scores:  # few distinct values: many exact ties
        elements = st.integers(int(low), 5).map(lambda v: 20.0 * v)
    else:
        elements = st.floats(low, 100.0, allow_nan=False, allow_subnormal=False)
    scores = draw(hnp.arrays(np.float64, (n, m), elements=elements))
    weights = draw(
        hnp.arrays(np.float64, m, elements=st.floats(0.0, 1.0, allow_subnormal=False)).filter(
            lambda w: w.sum() > 1e-6
        )
    )
    passed = draw(hnp.arrays(np.bool_, n))
    costs = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([1e4, 2e4, 3e4])))
    names = draw(
        st.lists(st.text("ABCXYZ", min_size=1, max_size=3), min_size=n, max_size=n, unique=True)
    )
    return scores, weights, passed, costs, names


def _first(ranks: npt.NDArray[np.int64]) -> int:
    return int(np.argmin(ranks))


# ----------------------------------------------------------------------------- TOPSIS references


@pytest.fixture
def hwang_yoon_fighter_aircraft() -> dict[str, FloatArray]:
    """Fighter-aircraft selection, the TOPSIS worked example of

    Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Lecture Notes in Economics and Mathematical Systems 186, Springer,
    p. 133. https://doi.org/10.1007/978-3-642-48318-9

    Criteria: maximum speed [Mach], ferry range [NM], maximum payload [lb], acquisition
    cost [10^6 $] (a cost criterion), reliability and maneuverability (interval scale
    3 = low … 9 = very high). Published relative closeness C* = 0.643, 0.268, 0.613, 0.312
    (the book rounds its intermediate tables to 4 decimals).
    """
    return {
        "matrix": np.array(
            [
                [2.0, 1500, 20000, 5.5, 5, 9],
                [2.5, 2700, 18000, 6.5, 3, 5],
                [1.8, 2000, 21000, 4.5, 7, 7],
                [2.2, 1800, 20000, 5.0, 5, 5],
            ]
        ),
        "weights": np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3]),
        "cost_criteria": np.array([3]),
        "closeness": np.array([0.643, 0.268, 0.613, 0.312]),
    }


def test_topsis_reproduces_hwang_yoon_fighter_aircraft(
    hwang_yoon_fighter_aircraft: dict[str, FloatArray],
) -> None:
    case = hwang_yoon_fighter_aircraft
    matrix = case["matrix"].copy()
    # Vector normalization is linear, so negating a cost column turns its ideal (the
    # minimum) into the maximum with the same distances: a benefit criterion.
    matrix[:, case["cost_criteria"]] *= -1.0
    closeness = topsis(matrix, case["weights"]) / 100.0
    np.testing.assert_allclose(closeness, case["closeness"], atol=1e-3)
    ranks = rank_order(closeness * 100, [True] * 4, [0.0] * 4, ["A1", "A2", "A3", "A4"])
    np.testing.assert_array_equal(ranks, [1, 4, 2, 3])  # A1 > A3 > A4 > A2, as published


def _pymcdm_topsis(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    method = TOPSIS(normalization_function=vector_normalization)
    types = np.ones(matrix.shape[1])
    with np.errstate(invalid="ignore"):  # 0/0 when every vendor is identical
        return np.asarray(method(matrix, weights / weights.sum(), types, validation=False))


@given(problems(max_vendors=10, max_criteria=7, low=1.0))
def test_topsis_matches_pymcdm(problem: Problem) -> None:
    scores, weights, _, _, _ = problem
    assume(scores.shape[0] >= 2)
    reference = _pymcdm_topsis(scores, weights)
    assume(np.isfinite(reference).all())  # pymcdm divides 0/0 when all vendors are equal
    np.testing.assert_allclose(topsis(scores, weights), 100.0 * reference, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_topsis_order_matches_pymcdm_on_random_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0.0, 100.0, size=(30, 12))
    weights = rng.dirichlet(np.ones(12))
    reference = _pymcdm_topsis(scores, weights)
    expected = TOPSIS(normalization_function=vector_normalization).rank(reference)
    n = scores.shape[0]
    ranks = rank_order(topsis(scores, weights), [True] * n, [0.0] * n, [f"v{i}" for i in range(n)])
    np.testing.assert_array_equal(ranks, expected)


def test_topsis_identical_vendors_have_closeness_one() -> None:
    np.testing.assert_array_equal(topsis([[50.0, 20.0]] * 3, [0.3, 0.7]), [100.0] * 3)


def test_topsis_all_zero_column_contributes_nothing() -> None:
    scores = np.array([[80.0, 0.0, 30.0], [20.0, 0.0, 90.0], [50.0, 0.0, 60.0]])
    with_zero = topsis(scores, [0.25, 0.5, 0.25])
    without = topsis(scores[:, [0, 2]], [0.25, 0.25])
    np.testing.assert_allclose(with_zero, without, rtol=1e-12)


@given(problems(low=1.0), st.floats(0.01, 100.0))
def test_topsis_is_invariant_to_rescaling_a_column(problem: Problem, factor: float) -> None:
    scores, weights, _, _, _ = problem
    scaled = scores.copy()
    scaled[:, 0] *= factor
    np.testing.assert_allclose(topsis(scaled, weights), topsis(scores, weights), atol=1e-7)


def test_topsis_rank_reversal_when_a_dominated_vendor_is_added() -> None:
    # B beats A; adding D, dominated by B, flips A and B under TOPSIS but not under the
    # weighted sum (García-Cascales & Lamata 2012 describe this behaviour).
    scores = np.array([[94.0, 14.0], [42.0, 67.0], [19.0, 55.0]])  # A, B, C
    added = np.vstack([scores, [[27.0, 49.0]]])  # D ≤ B on both criteria
    weights = [0.5, 0.5]
    before, after = topsis(scores, weights), topsis(added, weights)
    assert before[1] > before[0]
    assert after[0] > after[1]
    ws_before, ws_after = weighted_sum(scores, weights), weighted_sum(added, weights)
    assert ws_before[1] > ws_before[0]
    assert ws_after[1] > ws_after[0]


# ----------------------------------------------------------------------------- weighted sum


@given(problems())
def test_weighted_sum_equals_scores_at_weights(problem: Problem) -> None:
    scores, weights, _, _, _ = problem
    total = math.fsum(weights)
    expected = [
        math.fsum(x * w / total for x, w in zip(row, weights, strict=True)) for row in scores
    ]
    np.testing.assert_allclose(weighted_sum(scores, weights), expected, rtol=1e-12, atol=1e-9)


def test_weighted_sum_example() -> None:
    np.testing.assert_allclose(weighted_sum([[80.0, 40.0], [50.0, 90.0]], [3, 1]), [70.0, 60.0])


@pytest.mark.parametrize("method", sorted(METHODS))
def test_methods_broadcast_over_stacks(method: str) -> None:
    rng = np.random.default_rng(3)
    stack = rng.uniform(0, 100, size=(4, 5, 3))
    weights = rng.dirichlet(np.ones(3), size=4)
    batched = aggregate(stack, weights, method)
    one_by_one = np.array([aggregate(s, w, method) for s, w in zip(stack, weights, strict=True)])
    np.testing.assert_allclose(batched, one_by_one, rtol=1e-12)
    shared = aggregate(stack[0], weights, method)  # one matrix, many weight vectors
    np.testing.assert_allclose(shared, [aggregate(stack[0], w, method) for w in weights])


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
    frame = result.to_frame()
    assert frame.index.name == "vendor"
    assert frame.index.tolist() == ["Bolt", "Acme", "Cargo"]
    assert frame["rank"].tolist() == [1, 2, 3]
    assert frame["passed"].tolist() == [True, True, False]
    with pytest.raises(ValueError, match="read-only"):
        result.ranks[0] = 5


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([0.5, -0.1], "weights: expected nonnegative"),
        ([0.5, float("nan")], "weights: expected finite"),
        ([0.5, float("inf")], "weights: expected finite"),
        ([0.0, 0.0], "weights: expected a positive sum"),
        ([1.0, 1.0, 1.0], r"weights: expected one weight per criterion \(2\)"),
        ("heavy", "weights: expected numbers"),
    ],
)
@pytest.mark.parametrize("method", sorted(METHODS))
def test_bad_weights_are_rejected(method: str, weights: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        aggregate([[1.0, 2.0], [3.0, 4.0]], weights, method)  # type: ignore[arg-type]


def test_weights_are_normalized() -> None:
    np.testing.assert_allclose(normalize_weights([2.0, 6.0], 2), [0.25, 0.75])


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([[1.0, float("nan")], [3.0, 4.0]], "scores: .*NaN or infinity at row 0, column 1"),
        ([1.0, 2.0], r"scores: expected shape \(n_vendors, n_criteria\)"),
        (np.zeros((0, 3)), "scores: expected shape"),
    ],
)
def test_bad_scores_are_rejected(scores: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        weighted_sum(scores, [0.5, 0.5])  # type: ignore[arg-type]


def test_unknown_method_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"method: unknown method 'ahp'.*'weighted_sum', 'topsis'"):
        aggregate([[1.0]], [1.0], "ahp")
    with pytest.raises(ValueError, match="method: unknown"):
        resolve_method("TOPSIS")


@pytest.mark.parametrize(
    ("passed", "costs", "names", "message"),
    [
        ([True], [1.0, 2.0], ["A", "B"], "passed: expected 2 booleans"),
        ([1, 0], [1.0, 2.0], ["A", "B"], "passed: expected 2 booleans"),
        ([True, True], [1.0], ["A", "B"], "tiebreak_cost: expected 2 costs"),
        ([True, True], [1.0, float("nan")], ["A", "B"], "tiebreak_cost: expected finite"),
        ([True, True], [1.0, 2.0], ["A"], "names: expected 2 vendor names"),
        ([True, True], [1.0, 2.0], ["A", "A"], r"names: expected unique .*\['A'\]"),
    ],
)
def test_bad_vendor_arrays_are_rejected(
    passed: list[bool] | list[int], costs: list[float], names: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        rank_order([1.0, 2.0], passed, costs, names)


def test_mismatched_stack_shapes_are_rejected() -> None:
    with pytest.raises(ValueError, match="weights: leading shape"):
        weighted_sum(np.ones((3, 2, 2)), np.full((4, 2), 0.5))


def test_non_finite_aggregate_scores_are_rejected() -> None:
    with pytest.raises(ValueError, match="aggregate_scores: expected finite"):
        rank_order([1.0, float("nan")], [True, True], [1.0, 1.0], ["A", "B"])
