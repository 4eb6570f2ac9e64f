"""Tests for vendoreval.mcda.smaa: SMAA-2 rank acceptability and weight sampling."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymcdm.methods import TOPSIS  # type: ignore[import-untyped]
from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped]

from tests.mcda.strategies import BoolArray, FloatArray, Problem
from tests.mcda.strategies import small_problems as problems
from vendoreval.errors import ArgumentError
from vendoreval.mcda import (
    METHODS,
    AcceptabilityResult,
    aggregate,
    cost_scores,
    default_concentration,
    rank_acceptability,
    rank_order,
    sample_weights,
    smaa,
)

# ----------------------------------------------------------------------------- weight sampling


def test_default_concentration_is_25_per_weighted_criterion() -> None:
    assert default_concentration([0.5, 0.0, 0.25, 0.25]) == 75.0


def test_dirichlet_samples_centre_on_the_weights_and_keep_zeros() -> None:
    weights = np.array([0.5, 0.0, 0.3, 0.2])
    drawn = sample_weights(weights, 20_000, np.random.default_rng(7))
    np.testing.assert_allclose(drawn.sum(axis=1), 1.0, rtol=1e-12)
    assert (drawn[:, 1] == 0.0).all()
    np.testing.assert_allclose(drawn.mean(axis=0), weights, atol=3e-3)
    # Dirichlet variance w (1 − w) / (κ + 1), κ = 25 × 3 weighted criteria
    expected_sd = np.sqrt(weights * (1 - weights) / 76.0)
    np.testing.assert_allclose(drawn.std(axis=0), expected_sd, rtol=0.05)


def test_uniform_samples_cover_the_simplex() -> None:
    drawn = sample_weights(np.ones(3), 40_000, np.random.default_rng(8), uniform=True)
    # Dirichlet(1, 1, 1): each weight has a Beta(1, 2) marginal, P(w > 1/2) = 1/4
    np.testing.assert_allclose((drawn > 0.5).mean(axis=0), 0.25, atol=0.01)


def test_single_weighted_criterion_keeps_all_the_weight() -> None:
    drawn = sample_weights([0.0, 2.0], 5, np.random.default_rng(0))
    np.testing.assert_array_equal(drawn, [[0.0, 1.0]] * 5)


# ----------------------------------------------------------------------------- acceptability


@pytest.mark.parametrize("method", sorted(METHODS))
@given(problem=problems(), with_costs=st.booleans(), seed=st.integers(0, 2**32))
def test_acceptability_rows_and_columns_sum_to_one(
    method: str, problem: Problem, with_costs: bool, seed: int
) -> None:
    scores, weights, passed, costs, names = problem
    extra: dict[str, Any] = {}
    if with_costs:
        rng = np.random.default_rng(seed)
        extra = {"cost_samples": rng.uniform(1e3, 5e3, size=(7, len(names))), "cost_column": 0}
    result = rank_acceptability(
        scores, weights, passed, costs, names, method=method, samples=300, seed=seed, **extra
    )
    table = result.acceptability
    assert table.shape == (len(names), len(names))
    np.testing.assert_allclose(table.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(table.sum(axis=0), 1.0, rtol=1e-12)
    n_passed = int(passed.sum())
    # knock-outs: a failed vendor never takes one of the first n_passed positions
    assert (table.to_numpy()[~passed, :n_passed] == 0).all()
    assert (table.to_numpy()[passed, n_passed:] == 0).all()


@pytest.mark.parametrize("method", sorted(METHODS))
def test_same_seed_same_result(method: str) -> None:
    rng = np.random.default_rng(11)
    scores = rng.uniform(0, 100, size=(6, 4))
    kwargs: dict[str, Any] = {
        "method": method,
        "samples": 500,
        "cost_samples": rng.uniform(1e3, 2e3, size=(50, 6)),
        "cost_column": 3,
    }
    args = (scores, [0.4, 0.3, 0.2, 0.1], [True] * 6, [1.0] * 6, list("ABCDEF"))
    first = rank_acceptability(*args, seed=5, **kwargs)
    again = rank_acceptability(*args, seed=5, **kwargs)
    other = rank_acceptability(*args, seed=6, **kwargs)
    pd.testing.assert_frame_equal(first.acceptability, again.acceptability)
    pd.testing.assert_frame_equal(first.central_weights, again.central_weights)
    assert not first.acceptability.equals(other.acceptability)
    assert (first.samples, first.seed, first.method) == (500, 5, method)


def test_block_size_does_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(12)
    args = (rng.uniform(0, 100, (5, 3)), [0.5, 0.3, 0.2], [True] * 5, [1.0] * 5, list("ABCDE"))
    whole = rank_acceptability(*args, samples=1_000, method="topsis")
    monkeypatch.setattr(smaa, "CHUNK_SAMPLES", 7)
    blocks = rank_acceptability(*args, samples=1_000, method="topsis")
    pd.testing.assert_frame_equal(whole.acceptability, blocks.acceptability)
    pd.testing.assert_frame_equal(whole.central_weights, blocks.central_weights)


def test_uniform_weights_match_the_analytic_acceptability() -> None:
    # A wins iff 100 w1 > 40 (w1 + w2) = 40, i.e. w1 > 0.4: probability 0.6 under U(0, 1)
    result = rank_acceptability(
        [[100.0, 0.0], [40.0, 40.0]], None, [True, True], [1.0, 2.0], ["A", "B"],
        samples=20_000, uniform=True,
    )  # fmt: skip
    standard_error = np.sqrt(0.6 * 0.4 / 20_000)
    assert result.first_rank_acceptability["A"] == pytest.approx(0.6, abs=4 * standard_error)
    assert result.acceptability.loc["A", 2] == pytest.approx(0.4, abs=4 * standard_error)
    # central weight of A: E[w1 | w1 > 0.4] = 0.7; of B: E[w1 | w1 < 0.4] = 0.2
    assert result.central_weights.loc["A", "criterion_1"] == pytest.approx(0.7, abs=0.01)
    assert result.central_weights.loc["B", "criterion_1"] == pytest.approx(0.2, abs=0.01)


def test_three_criteria_uniform_acceptability() -> None:
    # A = (100, 0, 0) beats B = (50, 50, 50) iff w1 > 1/2: P = (1/2)^2 = 1/4 on the simplex
    result = rank_acceptability(
        [[100.0, 0.0, 0.0], [50.0, 50.0, 50.0]], np.ones(3), [True, True], [1.0, 1.0],
        ["A", "B"], samples=20_000, seed=3, uniform=True,
    )  # fmt: skip
    assert result.first_rank_acceptability["A"] == pytest.approx(0.25, abs=0.012)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_tight_concentration_reproduces_the_deterministic_ranking(method: str) -> None:
    rng = np.random.default_rng(21)
    scores = rng.uniform(0, 100, (7, 5))
    weights = rng.dirichlet(np.ones(5))
    passed = np.array([True, True, False, True, True, False, True])
    costs = rng.uniform(1e4, 2e4, 7)
    names = list("ABCDEFG")
    ranks = rank_order(aggregate(scores, weights, method), passed, costs, names)
    result = rank_acceptability(
        scores, weights, passed, costs, names, method=method, samples=200, concentration=1e12
    )
    expected = np.zeros((7, 7))
    expected[np.arange(7), ranks - 1] = 1.0
    np.testing.assert_array_equal(result.acceptability.to_numpy(), expected)


def test_central_weights_of_a_sure_winner_are_the_mean_weights() -> None:
    weights = np.array([0.6, 0.0, 0.4])
    scores = [[90.0, 90.0, 90.0], [10.0, 20.0, 30.0], [50.0, 40.0, 30.0]]
    result = rank_acceptability(
        scores, weights, [True] * 3, [1.0] * 3, ["Best", "Low", "Mid"],
        criteria=["quality", "unused", "cost"], samples=4_000,
    )  # fmt: skip
    assert result.first_rank_acceptability.to_dict() == {"Best": 1.0, "Low": 0.0, "Mid": 0.0}
    central = result.central_weights
    assert central.columns.tolist() == ["quality", "unused", "cost"]
    np.testing.assert_allclose(central.loc["Best"], weights, atol=0.005)
    assert central.loc["Best", "unused"] == 0.0
    assert central.loc[["Low", "Mid"]].isna().all().all()


def test_result_frames_are_labelled() -> None:
    result = rank_acceptability(
        [[1.0, 2.0], [2.0, 1.0]], [0.5, 0.5], [True, True], [1.0, 1.0], ["A", "B"], samples=10
    )
    assert isinstance(result, AcceptabilityResult)
    frame = result.to_frame()
    assert frame.index.name == "vendor"
    assert frame.columns.name == "rank"
    assert frame.columns.to_numpy().tolist() == [1, 2]
    assert result.first_rank_acceptability.name == "first_rank_acceptability"
    frame.iloc[0, 0] = 99.0  # a copy: the result is unchanged
    assert result.acceptability.to_numpy()[0, 0] <= 1.0


# ----------------------------------------------------------------------------- simulated costs


def test_single_cost_run_equals_rescoring_the_cost_column() -> None:
    rng = np.random.default_rng(4)
    scores = rng.uniform(0, 100, (6, 4))
    run = rng.uniform(1e4, 3e4, size=(1, 6))
    rescored = scores.copy()
    rescored[:, 2] = 100.0 * run.min() / run[0]
    args = ([0.3, 0.2, 0.4, 0.1], [True] * 6, [1.0] * 6, list("ABCDEF"))
    for method in METHODS:
        with_costs = rank_acceptability(
            scores, *args, method=method, samples=800, cost_samples=run, cost_column=2
        )
        plain = rank_acceptability(rescored, *args, method=method, samples=800)
        pd.testing.assert_frame_equal(with_costs.acceptability, plain.acceptability)


def test_each_sample_draws_one_joint_cost_run() -> None:
    # All the weight is on cost; run 0 makes A cheapest, run 1 makes B cheapest.
    costs = np.array([[1000.0, 2000.0], [3000.0, 1500.0]])
    result = rank_acceptability(
        [[0.0, 50.0], [0.0, 50.0]], [0.0, 1.0], [True, True], [1.0, 1.0], ["A", "B"],
        samples=10_000, cost_samples=costs, cost_column=1,
    )  # fmt: skip
    assert result.first_rank_acceptability["A"] == pytest.approx(0.5, abs=0.02)
    assert result.first_rank_acceptability.sum() == pytest.approx(1.0)


def _reference_loop(
    scores: FloatArray,
    weights: FloatArray,
    passed: BoolArray,
    costs: FloatArray,
    names: list[str],
    cost_samples: FloatArray,
    cost_column: int,
    method: str,
    samples: int,
    seed: int,
) -> FloatArray:
    """Rank acceptability one sample at a time, with pymcdm's TOPSIS and ``sorted``."""
    rng = np.random.default_rng(seed)  # the documented stream: weights, then run indices
    drawn = sample_weights(weights, samples, rng)
    runs = rng.integers(0, cost_samples.shape[0], size=samples)
    n = len(names)
    counts = np.zeros((n, n))
    for w, run in zip(drawn, runs, strict=True):
        matrix = scores.copy()
        matrix[:, cost_column] = 100.0 * cost_samples[run].min() / cost_samples[run]
        if method == "topsis":
            solver = TOPSIS(normalization_function=vector_normalization)
            value = 100.0 * solver(matrix, w, np.ones(len(w)), validation=False)
        else:
            value = matrix @ w
        order = sorted(range(n), key=lambda i: (not passed[i], -value[i], costs[i], names[i]))
        for position, vendor in enumerate(order):
            counts[vendor, position] += 1
    return counts / samples


@pytest.mark.parametrize("method", sorted(METHODS))
def test_vectorized_pass_equals_a_per_sample_loop(method: str) -> None:
    rng = np.random.default_rng(31)
    n, m = 6, 4
    scores = rng.uniform(5, 100, (n, m))
    weights = rng.dirichlet(np.ones(m))
    passed = np.array([True, True, True, False, True, True])
    costs = rng.uniform(1e4, 2e4, n)
    names = [f"v{i}" for i in range(n)]
    cost_samples = rng.lognormal(9.5, 0.3, size=(40, n))
    expected = _reference_loop(
        scores, weights, passed, costs, names, cost_samples, 1, method, samples=400, seed=9
    )
    result = rank_acceptability(
        scores, weights, passed, costs, names, method=method, samples=400, seed=9,
        cost_samples=cost_samples, cost_column=1,
    )  # fmt: skip
    np.testing.assert_array_equal(result.acceptability.to_numpy(), expected)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 0}, "samples: expected an integer ≥ 1"),
        ({"samples": 2.5}, "samples: expected an integer"),
        ({"seed": -1}, "seed: expected an integer ≥ 0"),
        ({"concentration": 0.0}, "concentration: expected a finite number > 0"),
        ({"concentration": float("nan")}, "concentration: expected a finite number > 0"),
        ({"uniform": True, "concentration": 10.0}, "concentration: not used when uniform"),
        ({"method": "electre"}, "method: unknown method 'electre'"),
        ({"cost_column": 0}, "cost_samples and cost_column: give both or neither"),
        ({"cost_samples": [[1.0, 2.0]]}, "cost_samples and cost_column: give both or neither"),
        ({"cost_samples": [[1.0, 2.0]], "cost_column": 2}, r"cost_column: expected an index"),
        ({"cost_samples": [[1.0, 2.0]], "cost_column": True}, "cost_column: expected an integer"),
        (
            {"cost_samples": [1.0, 2.0], "cost_column": 0},
            r"cost_samples: expected shape \(runs, 2\)",
        ),
        (
            {"cost_samples": [[1.0, 2.0], [3.0, float("nan")]], "cost_column": 0},
            "cost_samples: expected finite monthly costs ≥ 0, run 1 vendor 1 is nan",
        ),
        (
            {"cost_samples": [[1.0, -2.0]], "cost_column": 0},
            "cost_samples: expected finite monthly costs ≥ 0, run 0 vendor 1",
        ),
        ({"cost_samples": [["a", "b"]], "cost_column": 0}, "cost_samples: expected numbers"),
        (
            {"cost_samples": [[1.0, 2.0]], "cost_column": 0, "cost_score": lambda c: c[:, :1]},
            "cost_score: expected finite scores of shape",
        ),
        ({"criteria": ["only one"]}, "criteria: expected 2 criterion names"),
    ],
)
def test_bad_acceptability_arguments_are_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank_acceptability(
            [[1.0, 2.0], [2.0, 1.0]], [0.5, 0.5], [True, True], [1.0, 1.0], ["A", "B"],
            **kwargs,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (None, "weights: required unless uniform=True"),
        ([0.5, -0.5], "weights: expected nonnegative"),
        ([0.0, 0.0], "weights: expected a positive sum"),
        ([float("nan"), 1.0], "weights: expected finite"),
        ([[0.5, 0.5]], r"weights: expected shape \(2,\)"),
    ],
)
def test_bad_acceptability_weights_are_rejected(weights: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank_acceptability(
            [[1.0, 2.0], [2.0, 1.0]],
            weights,
            [True, True],
            [1.0, 1.0],
            ["A", "B"],
        )


def test_mismatched_vendor_arrays_are_rejected() -> None:
    with pytest.raises(ValueError, match="names: expected 2 vendor names"):
        rank_acceptability([[1.0], [2.0]], [1.0], [True, True], [1.0, 1.0], ["A"])


def test_zero_simulated_costs_are_in_the_domain() -> None:
    # Run 0: A costs nothing, so on the ratio scale A scores 100 and B 0; run 1: B is
    # cheapest. All the weight is on cost, so each vendor wins the runs it is cheapest in.
    costs = np.array([[0.0, 2000.0], [3000.0, 1500.0]])
    result = rank_acceptability(
        [[0.0, 50.0], [0.0, 50.0]], [0.0, 1.0], [True, True], [1.0, 1.0], ["A", "B"],
        samples=4_000, cost_samples=costs, cost_column=1,
    )  # fmt: skip
    assert result.first_rank_acceptability["A"] == pytest.approx(0.5, abs=0.03)


def test_the_cost_transform_is_plugged_in() -> None:
    # Costs 100, 110, 400 score 100, 90.9, 25 on the ratio scale and 100, 96.7, 0 on
    # min–max (spread 300). Quality (0, 0, 70), weights 1/2 each:
    #   ratio:   A = 50, B = 45.45, C = 35 + 12.5 = 47.5  → C second
    #   min–max: A = 50, B = 48.33, C = 35 + 0    = 35    → B second
    scores = [[0.0, 0.0], [0.0, 0.0], [70.0, 0.0]]
    run = np.array([[100.0, 110.0, 400.0]])
    second = {}
    for transform in ("ratio", "minmax"):
        result = rank_acceptability(
            scores, [0.5, 0.5], [True] * 3, [1.0] * 3, ["A", "B", "C"], samples=200,
            concentration=1e12, cost_samples=run, cost_column=1,
            cost_score=lambda c, t=transform: cost_scores(c, t),
        )  # fmt: skip
        assert result.acceptability.loc["A", 1] == 1.0
        second[transform] = str(result.acceptability[2].idxmax())
    assert second == {"ratio": "C", "minmax": "B"}


def test_bad_input_is_a_vendoreval_error() -> None:
    with pytest.raises(ArgumentError):
        rank_acceptability([[1.0], [2.0]], [1.0], [True, True], [1.0, 1.0], ["A", "B"], samples=0)
    with pytest.raises(ArgumentError, match="weights: expected one weight per criterion"):
        sample_weights([[0.5, 0.5]], 3, np.random.default_rng(0))
    with pytest.raises(ArgumentError, match="weights: expected nonnegative"):
        default_concentration([0.5, -0.5])
