"""Tests for vendoreval.mcda.topsis: the published worked example and pymcdm as reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pymcdm.methods import TOPSIS  # type: ignore[import-untyped]
from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped]

from tests.mcda.strategies import FloatArray, Problem, problems
from vendoreval.mcda import rank_order, topsis, topsis_closeness, topsis_distances, weighted_sum


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


def test_squared_distances_add_up_over_disjoint_criteria() -> None:
    # Hand-worked: column norms √(3² + 4²) = 5 and √(6² + 8²) = 10, so
    # r = [[0.6, 0.6], [0.8, 0.8]]; weighted by 0.5, vendor 0 is 0.1 below the ideal on
    # each column: d+² = 2 × 0.1² = 0.02, d−² = 0 (it is the anti-ideal); closeness 0, 100.
    scores = np.array([[3.0, 6.0], [4.0, 8.0]])
    d_plus_sq, d_minus_sq = topsis_distances(scores, [0.5, 0.5])
    np.testing.assert_allclose(d_plus_sq, [0.02, 0.0], atol=1e-15)
    np.testing.assert_allclose(d_minus_sq, [0.0, 0.02], atol=1e-15)
    np.testing.assert_allclose(topsis_closeness(d_plus_sq, d_minus_sq), [0.0, 100.0])
    first_plus, first_minus = topsis_distances(scores[:, :1], [0.5])
    second_plus, second_minus = topsis_distances(scores[:, 1:], [0.5])
    np.testing.assert_allclose(first_plus + second_plus, d_plus_sq, rtol=1e-12)
    np.testing.assert_allclose(first_minus + second_minus, d_minus_sq, rtol=1e-12)
