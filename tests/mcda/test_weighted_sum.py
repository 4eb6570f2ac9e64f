"""Tests for vendoreval.mcda.weighted_sum: the additive value model."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given

from tests.mcda.strategies import Problem, problems
from vendoreval.mcda import weighted_sum


@given(problems())
def test_weighted_sum_equals_scores_at_weights(problem: Problem) -> None:
    scores, weights, _, _, _ = problem
    total = math.fsum(weights)
    expected = [
        math.fsum(x * w / total for x, w in zip(row, weights, strict=True)) for row in scores
    ]
    np.testing.assert_allclose(weighted_sum(scores, weights), expected, rtol=1e-12, atol=1e-9)


def test_weighted_sum_example() -> None:
    # weights 3:1 → 0.75, 0.25: 0.75 × 80 + 0.25 × 40 = 70; 0.75 × 50 + 0.25 × 90 = 60
    np.testing.assert_allclose(weighted_sum([[80.0, 40.0], [50.0, 90.0]], [3, 1]), [70.0, 60.0])


def test_weighted_sum_of_a_stack_with_one_weight_vector() -> None:
    stack = np.array([[[10.0, 20.0]], [[30.0, 50.0]]])
    np.testing.assert_allclose(weighted_sum(stack, [1.0, 1.0]), [[15.0], [40.0]])
