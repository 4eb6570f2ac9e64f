"""Tests for vendoreval.mcda._validate: bad scores, weights and vendor arrays are named."""

from __future__ import annotations

import numpy as np
import pytest

from vendoreval.errors import ArgumentError, VendorEvalError
from vendoreval.mcda import METHODS, aggregate, normalize_weights, rank_order, weighted_sum
from vendoreval.mcda._validate import as_floats


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
    with pytest.raises(ValueError, match=message) as info:
        aggregate([[1.0, 2.0], [3.0, 4.0]], weights, method)  # type: ignore[arg-type]
    assert isinstance(info.value, ArgumentError)


def test_weights_are_normalized() -> None:
    np.testing.assert_allclose(normalize_weights([2.0, 6.0], 2), [0.25, 0.75])


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([[1.0, float("nan")], [3.0, 4.0]], "scores: .*NaN or infinity at row 0, column 1"),
        ([1.0, 2.0], r"scores: expected shape \(n_vendors, n_criteria\)"),
        (np.zeros((0, 3)), "scores: expected shape"),
        ([["a", "b"]], "scores: expected a numeric array"),
    ],
)
def test_bad_scores_are_rejected(scores: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        weighted_sum(scores, [0.5, 0.5])  # type: ignore[arg-type]
    assert isinstance(info.value, VendorEvalError)


def test_a_bad_score_in_a_stack_names_its_matrix() -> None:
    stack = np.ones((3, 2, 2))
    stack[2, 1, 0] = np.inf
    with pytest.raises(ArgumentError, match=r"row 1, column 0 of matrix \(2,\)"):
        weighted_sum(stack, [0.5, 0.5])


@pytest.mark.parametrize(
    ("passed", "costs", "names", "message"),
    [
        ([True], [1.0, 2.0], ["A", "B"], "passed: expected 2 booleans"),
        ([1, 0], [1.0, 2.0], ["A", "B"], "passed: expected 2 booleans"),
        ([True, True], [1.0], ["A", "B"], "tiebreak_cost: expected 2 costs"),
        ([True, True], [1.0, float("nan")], ["A", "B"], "tiebreak_cost: expected finite"),
        ([True, True], ["x", "y"], ["A", "B"], "tiebreak_cost: expected numbers"),
        ([True, True], [1.0, 2.0], ["A"], "names: expected 2 vendor names"),
        ([True, True], [1.0, 2.0], ["A", "A"], r"names: expected unique .*\['A'\]"),
    ],
)
def test_bad_vendor_arrays_are_rejected(
    passed: list[bool] | list[int], costs: list[float], names: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as info:
        rank_order([1.0, 2.0], passed, costs, names)
    assert isinstance(info.value, ArgumentError)


def test_mismatched_stack_shapes_are_rejected() -> None:
    with pytest.raises(ValueError, match="weights: leading shape"):
        weighted_sum(np.ones((3, 2, 2)), np.full((4, 2), 0.5))


@pytest.mark.parametrize(
    ("value", "expected", "message"),
    [
        ("heavy", "numbers", "costs: expected numbers, got str"),
        ([[1.0], [2.0, 3.0]], "a numeric array", "costs: expected a numeric array, got list"),
        ({"a": 1}, "numbers", "costs: expected numbers, got dict"),
    ],
)
def test_as_floats_names_the_argument_and_what_it_expected(
    value: object, expected: str, message: str
) -> None:
    with pytest.raises(ArgumentError, match=f"^{message}$"):
        as_floats(value, "costs", expected)  # type: ignore[arg-type]


def test_as_floats_reads_numbers_as_float64() -> None:
    got = as_floats([[1, 2], [3, 4]], "scores")
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [[1.0, 2.0], [3.0, 4.0]])
