"""Staffing speed: vendoreval.staffing against the tools a user would otherwise pick.

* ``agents-required-week``: head-count for each of the 336 half hours of a week (0–400
  contacts per half hour, AHT 300 s, 80 % within 20 s) — vendoreval's vectorized
  :func:`~vendoreval.staffing.agents_required` against pyworkforce's ``ErlangC`` looped over
  the intervals, as its documentation shows. vendoreval is timed twice: with the Erlang
  table for the target cached (every call after the second for the same target), and on
  the first call for a target, which searches without a table.
* ``erlang-b-million``: Erlang B for 10⁶ random (traffic, agents) pairs — vendoreval against
  the Poisson pmf/cdf ratio from scipy.stats (``B = pmf(N) / cdf(N)``), the closed form a
  numpy user reaches for.

Run with ``make bench``; under ``make test`` each benchmark runs once as a test.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from pyworkforce.queuing import ErlangC  # type: ignore[import-untyped]

from vendoreval.staffing import _capacity, agents_required, erlang_b

AHT_SECONDS = 300.0
TARGET_SECONDS = 20.0
SERVICE_LEVEL = 0.8
INTERVAL_MINUTES = 30


@pytest.fixture(scope="module")
def week_volumes() -> npt.NDArray[np.float64]:
    """Contacts per half hour over a week: a daily double peak up to 400, quiet nights."""
    rng = np.random.default_rng(20240501)
    slot = np.arange(336)
    hour = (slot % 48) / 2.0
    day = slot // 48
    shape = np.exp(-(((hour - 11.0) / 2.5) ** 2)) + 0.8 * np.exp(-(((hour - 20.0) / 2.0) ** 2))
    weekday = np.where(day < 5, 1.0, 0.7)
    volumes = 400.0 * shape / shape.max() * weekday
    noisy: npt.NDArray[np.float64] = np.round(volumes * rng.uniform(0.9, 1.1, slot.size))
    return noisy.clip(0, 400)


@pytest.fixture(scope="module")
def random_pairs() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """10⁶ (traffic, agents) pairs: 0.5–500 Erlangs, agents from 0.9 A to A + 6 √A."""
    rng = np.random.default_rng(7)
    traffic = rng.uniform(0.5, 500.0, 1_000_000)
    agents = np.floor(
        rng.uniform(0.9, 1.0, traffic.size) * traffic
        + rng.uniform(0.0, 6.0, traffic.size) * np.sqrt(traffic)
    ).astype(np.int64)
    return traffic, np.maximum(agents, 1)


def _pyworkforce_week(volumes: npt.NDArray[np.float64]) -> list[int]:
    positions = []
    for volume in volumes:
        if volume <= 0:  # pyworkforce refuses zero transactions
            positions.append(0)
            continue
        model = ErlangC(
            transactions=float(volume),
            aht=AHT_SECONDS / 60,
            asa=TARGET_SECONDS / 60,
            interval=INTERVAL_MINUTES,
        )
        positions.append(model.required_positions(service_level=SERVICE_LEVEL)["raw_positions"])
    return positions


@pytest.mark.benchmark(group="agents-required-week")
def test_agents_required_vendoreval(benchmark: Any, week_volumes: npt.NDArray[np.float64]) -> None:
    traffic = week_volumes * AHT_SECONDS / (INTERVAL_MINUTES * 60)
    result = benchmark(agents_required, traffic, AHT_SECONDS, TARGET_SECONDS, SERVICE_LEVEL)
    assert result.tolist() == _pyworkforce_week(week_volumes)


@pytest.mark.benchmark(group="agents-required-week")
def test_agents_required_first_call_vendoreval(
    benchmark: Any, week_volumes: npt.NDArray[np.float64]
) -> None:
    """The first call for a service-level target: no Erlang table yet, the search alone."""
    traffic = week_volumes * AHT_SECONDS / (INTERVAL_MINUTES * 60)
    result = benchmark.pedantic(
        agents_required,
        args=(traffic, AHT_SECONDS, TARGET_SECONDS, SERVICE_LEVEL),
        setup=_forget_tables,
        rounds=50,
    )
    assert result.tolist() == _pyworkforce_week(week_volumes)


def _forget_tables() -> None:
    _capacity._table.cache_clear()
    _capacity._seen.clear()


@pytest.mark.benchmark(group="agents-required-week")
def test_agents_required_pyworkforce(benchmark: Any, week_volumes: npt.NDArray[np.float64]) -> None:
    result = benchmark(_pyworkforce_week, week_volumes)
    assert len(result) == week_volumes.size


@pytest.mark.benchmark(group="erlang-b-million")
def test_erlang_b_vendoreval(
    benchmark: Any, random_pairs: tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]
) -> None:
    traffic, agents = random_pairs
    result = benchmark(erlang_b, traffic, agents)
    assert result.shape == traffic.shape
    assert np.all((result >= 0) & (result <= 1))


@pytest.mark.benchmark(group="erlang-b-million")
def test_erlang_b_scipy(
    benchmark: Any, random_pairs: tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]
) -> None:
    from scipy import stats  # type: ignore[import-untyped]

    traffic, agents = random_pairs

    def poisson_ratio() -> npt.NDArray[np.float64]:
        ratio: npt.NDArray[np.float64] = stats.poisson.pmf(agents, traffic) / stats.poisson.cdf(
            agents, traffic
        )
        return ratio

    result = benchmark(poisson_ratio)
    sample = slice(None, None, 97)
    np.testing.assert_allclose(result[sample], erlang_b(traffic[sample], agents[sample]), rtol=1e-9)


def main() -> None:
    """Print the best and median of each, vendoreval's and the peer's runs interleaved."""
    import statistics
    import time

    rng = np.random.default_rng(20240501)
    slot = np.arange(336)
    hour = (slot % 48) / 2.0
    day = slot // 48
    shape = np.exp(-(((hour - 11.0) / 2.5) ** 2)) + 0.8 * np.exp(-(((hour - 20.0) / 2.0) ** 2))
    volumes = 400.0 * shape / shape.max() * np.where(day < 5, 1.0, 0.7)
    volumes = np.round(volumes * rng.uniform(0.9, 1.1, slot.size)).clip(0, 400)
    traffic = volumes * AHT_SECONDS / (INTERVAL_MINUTES * 60)
    assert agents_required(traffic, AHT_SECONDS, TARGET_SECONDS, SERVICE_LEVEL).tolist() == (
        _pyworkforce_week(volumes)
    )
    args = (traffic, AHT_SECONDS, TARGET_SECONDS, SERVICE_LEVEL)
    ours: list[float] = []
    first: list[float] = []
    build: list[float] = []
    theirs: list[float] = []
    for _ in range(int(os.environ.get("VENDOREVAL_BENCH_REPEAT", 60))):
        _forget_tables()
        start = time.perf_counter()
        agents_required(*args)  # the first call for this target: the search alone
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        agents_required(*args)  # the second builds the Erlang table
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(20):  # 20 calls per sample: a single call is near the timer's grain
            agents_required(*args)
        ours.append((time.perf_counter() - start) / 20)
        start = time.perf_counter()
        _pyworkforce_week(volumes)
        theirs.append(time.perf_counter() - start)

    def figure(label: str, times: list[float]) -> str:
        best, median = min(times), statistics.median(times)
        return (
            f"  {label}: {best * 1e6:.0f} us (median {median * 1e6:.0f}), "
            f"pyworkforce/vendoreval {min(theirs) / best:.1f} "
            f"(medians {statistics.median(theirs) / median:.1f})"
        )

    print(
        f"agents-required-week: pyworkforce {min(theirs) * 1e3:.2f} ms (median "
        f"{statistics.median(theirs) * 1e3:.2f})"
    )
    print(figure("vendoreval, Erlang table cached", ours))
    print(figure("vendoreval, first call (search)", first))
    print(figure("vendoreval, second call (builds the table)", build))


if __name__ == "__main__":
    main()
