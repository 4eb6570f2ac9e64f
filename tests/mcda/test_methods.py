"""Tests for vendoreval.mcda.methods: the registry of aggregation methods."""

from __future__ import annotations

import numpy as np
import pytest

from vendoreval.errors import ArgumentError, VendorEvalError
from vendoreval.mcda import METHODS, aggregate, resolve_method, topsis, weighted_sum


def test_methods_by_name() -> None:
    assert dict(METHODS) == {"weighted_sum": weighted_sum, "topsis": topsis}
    assert resolve_method("topsis") is topsis


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


def test_unknown_method_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"method: unknown method 'ahp'.*'weighted_sum', 'topsis'"):
        aggregate([[1.0]], [1.0], "ahp")
    with pytest.raises(ValueError, match="method: unknown"):
        resolve_method("TOPSIS")


def test_unknown_method_is_a_vendoreval_error() -> None:
    with pytest.raises(ArgumentError) as info:
        resolve_method(["not", "a", "name"])  # type: ignore[arg-type]
    assert isinstance(info.value, VendorEvalError)
    assert isinstance(info.value, ValueError)
