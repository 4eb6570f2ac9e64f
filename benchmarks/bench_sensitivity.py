"""Rank acceptability (SMAA-2): one vectorized pass vs a plain Python loop over samples.

Problem size: 10,000 weight samples × 50 vendors × 40 criteria, with 10,000 simulated
monthly-cost runs drawn jointly with the weights (the cost criterion is rescored per
sample). Both benchmarks rank the same samples the same way (knock-outs last, score,
cost, name) and must give the same acceptability table; the group shows the ratio.

Run with ``make bench`` (or ``pytest benchmarks --benchmark-only``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from vendoreval.mcda import rank_acceptability, sample_weights

FloatArray = npt.NDArray[np.float64]

SAMPLES = 10_000
VENDORS = 50
CRITERIA = 40
RUNS = 10_000
COST_COLUMN = 7
SEED = 2024


@dataclass(frozen=True)
class Problem:
    """A synthetic evaluation: scores, weights, knock-outs, costs and simulated costs."""

    scores: FloatArray
    weights: FloatArray
    passed: npt.NDArray[np.bool_]
    tiebreak_cost: FloatArray
    names: list[str]
    cost_samples: FloatArray


@pytest.fixture(scope="module")
def problem() -> Problem:
    rng = np.random.default_rng(SEED)
    mean_cost = rng.uniform(2e4, 6e4, size=VENDORS)  # [currency/month]
    return Problem(
        scores=rng.uniform(20.0, 100.0, size=(VENDORS, CRITERIA)),
        weights=rng.dirichlet(np.full(CRITERIA, 2.0)),
        passed=rng.random(VENDORS) > 0.1,
        tiebreak_cost=mean_cost,
        names=[f"vendor {i:02d}" for i in range(VENDORS)],
        cost_samples=mean_cost * rng.lognormal(0.0, 0.1, size=(RUNS, VENDORS)),
    )


def vectorized(problem: Problem) -> FloatArray:
    """vendoreval: all samples ranked in vectorized blocks."""
    result = rank_acceptability(
        problem.scores,
        problem.weights,
        problem.passed,
        problem.tiebreak_cost,
        problem.names,
        samples=SAMPLES,
        seed=SEED,
        cost_samples=problem.cost_samples,
        cost_column=COST_COLUMN,
    )
    return result.acceptability.to_numpy()


def python_loop(problem: Problem) -> FloatArray:
    """The plain approach: rescore, aggregate and sort one sample at a time."""
    rng = np.random.default_rng(SEED)  # same stream: weight vectors, then run indices
    drawn = sample_weights(problem.weights, SAMPLES, rng)
    runs = rng.integers(0, RUNS, size=SAMPLES)
    n = VENDORS
    counts = np.zeros((n, n))
    for weights, run in zip(drawn, runs, strict=True):
        costs = problem.cost_samples[run]
        matrix = problem.scores.copy()
        matrix[:, COST_COLUMN] = 100.0 * costs.min() / costs
        value = matrix @ weights
        order = sorted(
            range(n),
            key=lambda i: (
                not problem.passed[i],
                -value[i],
                problem.tiebreak_cost[i],
                problem.names[i],
            ),
        )
        for position, vendor in enumerate(order):
            counts[vendor, position] += 1
    return counts / SAMPLES


@pytest.mark.benchmark(group="rank-acceptability-10k-samples-50x40")
def test_rank_acceptability_vectorized(benchmark: BenchmarkFixture, problem: Problem) -> None:
    table = benchmark.pedantic(  # type: ignore[no-untyped-call]
        vectorized, args=(problem,), rounds=5, iterations=1
    )
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    np.testing.assert_allclose(table.sum(axis=1), 1.0)


@pytest.mark.benchmark(group="rank-acceptability-10k-samples-50x40")
def test_rank_acceptability_python_loop(benchmark: BenchmarkFixture, problem: Problem) -> None:
    table = benchmark.pedantic(  # type: ignore[no-untyped-call]
        python_loop, args=(problem,), rounds=2, iterations=1
    )
    np.testing.assert_array_equal(table, vectorized(problem))
