"""Tests for vendoreval.mcda.cost_scores: the one monthly-cost-to-points function."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vendoreval.criteria import CostSettings, CostTransform
from vendoreval.errors import ArgumentError
from vendoreval.mcda import COST_TRANSFORMS, cost_scores

costs_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6),
    elements=st.floats(0.0, 1e9, allow_subnormal=False),
)


def test_ratio_cost_score() -> None:
    # 100 × cheapest / cost per row: 1000 is cheapest in row 0 (2000 → 50, 1250 → 80);
    # 5 in row 1 (10 → 50, 20 → 25)
    np.testing.assert_allclose(
        cost_scores([[1000.0, 2000.0, 1250.0], [10.0, 5.0, 20.0]]),
        [[100.0, 50.0, 80.0], [50.0, 100.0, 25.0]],
    )
    # the domain is costs ≥ 0: a free vendor scores 100, everyone dearer 0 (the limit)
    np.testing.assert_allclose(cost_scores([100.0, 0.0]), [0.0, 100.0])
    with pytest.raises(ValueError, match=r"costs\[1\] = -1.0: expected a finite monthly cost ≥ 0"):
        cost_scores([100.0, -1.0])


def test_minmax_cost_score() -> None:
    # 100 × (dearest − cost) / (dearest − cheapest) with 400 and 100: 200 → 200/3
    np.testing.assert_allclose(cost_scores([100.0, 200.0, 400.0], "minmax"), [100, 200 / 3, 0])
    np.testing.assert_allclose(cost_scores([5.0, 5.0], "minmax"), [100.0, 100.0])
    np.testing.assert_allclose(cost_scores([0.0, 10.0], "minmax"), [100.0, 0.0])


def test_all_equal_costs_score_100_on_both_scales() -> None:
    for transform in COST_TRANSFORMS:
        np.testing.assert_array_equal(cost_scores([7.0, 7.0, 7.0], transform), [100.0] * 3)
        np.testing.assert_array_equal(cost_scores([0.0, 0.0], transform), [100.0, 100.0])


def test_the_packs_transforms_are_the_ones_supported() -> None:
    assert {t.value for t in CostTransform} == set(COST_TRANSFORMS)
    assert COST_TRANSFORMS[0] == CostSettings().transform


@pytest.mark.parametrize("transform", list(CostTransform))
@given(costs=costs_arrays)
def test_cost_settings_score_with_this_function(transform: CostTransform, costs: object) -> None:
    np.testing.assert_array_equal(
        CostSettings(transform=transform).scores(costs),  # type: ignore[arg-type]
        cost_scores(costs, transform),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("transform", COST_TRANSFORMS)
@given(costs=costs_arrays)
def test_scores_are_0_to_100_and_the_cheapest_scores_100(transform: str, costs: object) -> None:
    values = np.asarray(costs)
    points = cost_scores(values, transform)
    assert points.shape == values.shape
    assert ((points >= 0.0) & (points <= 100.0 + 1e-9)).all()
    cheapest = values == values.min(axis=-1, keepdims=True)
    np.testing.assert_allclose(points[cheapest], 100.0)
    # cheaper never scores less
    order = np.argsort(values, axis=-1, kind="stable")
    ordered = np.take_along_axis(points, order, axis=-1)
    assert (np.diff(ordered, axis=-1) <= 1e-9).all()


@given(
    costs=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(1.0, 1e6)),
    factor=st.floats(1e-3, 1e3),
)
def test_ratio_scale_ignores_the_currency_unit(costs: object, factor: float) -> None:
    values = np.asarray(costs)
    np.testing.assert_allclose(cost_scores(values * factor), cost_scores(values), rtol=1e-9)


@pytest.mark.parametrize(
    ("costs", "transform", "message"),
    [
        ([1.0, float("nan")], "ratio", r"costs\[1\] = nan"),
        ([[1.0, 2.0], [3.0, float("inf")]], "ratio", r"costs\[1, 1\] = inf"),
        ([-5.0], "minmax", r"costs\[0\] = -5.0"),
        (5.0, "ratio", "costs: expected one cost per vendor"),
        (["a"], "ratio", "costs: expected numbers"),
        ([1.0], "log", r"transform: unknown cost transform 'log'; expected 'ratio', 'minmax'"),
    ],
)
def test_bad_costs_are_rejected(costs: object, transform: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        cost_scores(costs, transform)  # type: ignore[arg-type]


def test_no_vendors_no_scores() -> None:
    assert cost_scores(np.zeros((3, 0))).shape == (3, 0)
