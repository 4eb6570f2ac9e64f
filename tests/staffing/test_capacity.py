"""Tests of the cached Erlang table behind agents_required (vendoreval.staffing._capacity).

The reference is the library's own recursion search (``_agents_required_flat``), which is
checked against mpmath in ``test_formulas.py``: a head-count read from the table must equal
it wherever the table calls its answer certain, and ``agents_required`` must equal it
everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import answer_thresholds, handle_times, traffic_arrays
from vendoreval.staffing import _capacity, agents_required, service_level
from vendoreval.staffing._core import _TABLE_MARGIN
from vendoreval.staffing.agents import _agents_required_flat, _occupancy_floor

from .test_formulas import _week_traffic

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@pytest.fixture(autouse=True)
def _fresh_tables() -> Iterator[None]:
    """Every test starts with no table built and no key seen."""
    _capacity._table.cache_clear()
    _capacity._seen.clear()
    yield
    _capacity._table.cache_clear()
    _capacity._seen.clear()


def _first(traffic: FloatArray, max_occupancy: float) -> IntArray:
    first: IntArray = traffic.astype(np.int64) + 1
    if max_occupancy < 1.0:
        first = np.maximum(first, _occupancy_floor(traffic, np.full(traffic.size, max_occupancy)))
    return first


def _exact(traffic: FloatArray, ratio: float, level: float, first: IntArray) -> IntArray:
    size = traffic.size
    return _agents_required_flat(traffic, np.full(size, ratio), np.full(size, level), first)


def _lookup(
    traffic: FloatArray, ratio: float, level: float, first: IntArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """The table's answer, asking twice: the first call of a key builds nothing."""
    largest = float(traffic.max())
    looked = _capacity.table_agents(traffic, ratio, level, first, largest)
    if looked is None:
        looked = _capacity.table_agents(traffic, ratio, level, first, largest)
    assert looked is not None
    return looked


class TestTable:
    def test_first_call_builds_nothing_second_builds_once(self) -> None:
        traffic = _week_traffic()
        first = _first(traffic, 1.0)
        largest = float(traffic.max())
        assert _capacity.table_agents(traffic, 20 / 300, 0.8, first, largest) is None
        assert _capacity._table.cache_info().currsize == 0
        looked = _capacity.table_agents(traffic, 20 / 300, 0.8, first, largest)
        assert looked is not None
        assert _capacity._table.cache_info().currsize == 1
        _capacity.table_agents(traffic, 20 / 300, 0.8, first, largest)
        info = _capacity._table.cache_info()
        assert (info.currsize, info.hits) == (1, 1)

    def test_the_record_of_keys_is_bounded(self) -> None:
        traffic = np.array([3.0])
        first = _first(traffic, 1.0)
        for i in range(_capacity._SEEN_MAX + 5):
            _capacity.table_agents(traffic, 0.01 * (i + 1), 0.8, first, 3.0)
            assert len(_capacity._seen) <= _capacity._SEEN_MAX

    @pytest.mark.parametrize(
        ("ratio", "level"),
        [(20 / 300, 0.8), (0.0, 0.99), (2.0, 0.5), (0.05, 0.01), (15 / 240, 0.9)],
    )
    @pytest.mark.parametrize("size", [64, 128, 512])
    def test_bounds_hold_for_service_level(self, ratio: float, level: float, size: int) -> None:
        """``low[N]`` meets and ``high[N]`` misses the target, each by the margin."""
        low, high = _capacity._table(ratio, level, size)
        assert low.shape == high.shape == (size,)
        assert not low.flags.writeable
        assert not high.flags.writeable
        assert np.all(np.diff(low) >= 0)
        assert np.all(np.diff(high) >= 0)
        agents = np.arange(1, size)
        assert np.all(low[1:] <= high[1:])
        assert np.all(high[1:] < agents)
        assert np.all(low[1:] > 0)  # every head-count got a confirmed bound here
        # the level at the two bounds, with the ratio as t/AHT for an AHT of 1 s
        met = np.asarray(service_level(low[1:], agents, 1.0, ratio))
        missed = np.asarray(service_level(high[1:], agents, 1.0, ratio))
        assert np.all(met >= level + _TABLE_MARGIN)
        assert np.all(missed <= level - _TABLE_MARGIN)
        # and close together: under 10⁻⁵ Erlang apart
        assert np.max(high[1:] - low[1:]) < 1e-5

    def test_capacities_sit_where_the_level_equals_the_target(self) -> None:
        """Capacities rise with head-count and each sits where the level equals the target."""
        agents = np.array([1, 2, 10, 55, 200, 511])
        capacity, slope = _capacity._capacities(agents, 20 / 300, 0.8)
        levels = np.asarray(service_level(capacity, agents, 300.0, 20.0))
        np.testing.assert_allclose(levels, 0.8, atol=1e-10)
        assert np.all(np.diff(capacity) > 0)
        assert np.all(slope > 0)
        # just below its capacity a head-count suffices; just above, one more agent is needed
        for n, a in zip(agents[2:].tolist(), capacity[2:].tolist(), strict=True):
            assert agents_required(a * (1 - 1e-7), 300.0, 20.0, 0.8) == n
            assert agents_required(a * (1 + 1e-7), 300.0, 20.0, 0.8) == n + 1

    def test_a_realistic_week_is_read_off_the_table(self) -> None:
        traffic = _week_traffic()
        first = _first(traffic, 1.0)
        agents, certain = _lookup(traffic, 20 / 300, 0.8, first)
        assert certain.all()
        np.testing.assert_array_equal(agents, _exact(traffic, 20 / 300, 0.8, first))

    @pytest.mark.parametrize(
        ("ratio", "level", "max_occupancy"),
        [(20 / 300, 0.8, 1.0), (0.0, 0.95, 0.85), (1.5, 0.3, 1.0), (20 / 300, 0.999, 0.8)],
    )
    def test_traffic_at_and_between_the_bounds(
        self, ratio: float, level: float, max_occupancy: float
    ) -> None:
        """Traffic on a bound, one ulp beside it and between the two bounds."""
        low, high = _capacity._table(ratio, level, 128)
        inner = np.concatenate([low[1:], high[1:]])
        edges = np.concatenate(
            [inner, np.nextafter(inner, 0.0), np.nextafter(inner, np.inf), (low + high)[1:] / 2]
        )
        traffic = edges[(edges > 0) & (edges < 50.0)]
        first = _first(traffic, max_occupancy)
        assert _capacity._size_for(first, float(traffic.max())) == 128
        agents, certain = _lookup(traffic, ratio, level, first)
        exact = _exact(traffic, ratio, level, first)
        np.testing.assert_array_equal(agents[certain], exact[certain])
        # uncertain exactly where the traffic lies between the bounds one agent below
        below = agents - 1
        band = (agents > first) & (traffic > low[below]) & (traffic <= high[below])
        np.testing.assert_array_equal(certain, ~band)
        assert band.any()
        assert not band.all()
        aht = 300.0
        public = agents_required(traffic, aht, ratio * aht, level, max_occupancy)
        public_again = agents_required(traffic, aht, ratio * aht, level, max_occupancy)
        np.testing.assert_array_equal(public, exact)
        np.testing.assert_array_equal(public_again, exact)

    def test_answers_past_the_table_are_left_to_the_search(self) -> None:
        """99.999 % answered at once: 35 Erlangs need 64 agents, one past a 64-row table."""
        traffic = np.array([2.0, 35.0])
        first = _first(traffic, 1.0)
        assert _capacity._size_for(first, 35.0) == 64
        agents, certain = _lookup(traffic, 0.0, 0.99999, first)
        assert certain.tolist() == [True, False]
        exact = _exact(traffic, 0.0, 0.99999, first)
        assert exact.tolist() == [11, 64]
        assert agents[0] == exact[0]
        assert agents_required(traffic, 300.0, 0.0, 0.99999).tolist() == [11, 64]

    @pytest.mark.parametrize("level", [1e-10, 1 - 1e-9])
    def test_targets_without_room_for_the_margin_have_no_table(self, level: float) -> None:
        traffic = np.array([3.0, 40.0])
        first = _first(traffic, 1.0)
        for _ in range(2):
            assert _capacity.table_agents(traffic, 0.1, level, first, 40.0) is None

    def test_more_than_511_agents_have_no_table(self) -> None:
        traffic = np.array([480.0])
        first = _first(traffic, 1.0)
        for _ in range(2):
            assert _capacity.table_agents(traffic, 0.1, 0.8, first, 480.0) is None

    @given(
        traffic_arrays(60, 300.0),
        handle_times,
        answer_thresholds,
        st.floats(min_value=0.01, max_value=0.999),
        st.sampled_from([1.0, 0.9, 0.5]),
    )
    def test_equals_the_recursion(
        self, traffic: FloatArray, aht: float, target: float, level: float, max_occupancy: float
    ) -> None:
        ratio = target / aht
        first = _first(traffic, max_occupancy)
        exact = _exact(traffic, ratio, level, first)
        if _capacity._size_for(first, float(traffic.max())) is not None:
            agents, certain = _lookup(traffic, ratio, level, first)
            np.testing.assert_array_equal(agents[certain], exact[certain])
        for _ in range(2):  # the first call searches, the second reads the table
            public = agents_required(traffic, aht, target, level, max_occupancy)
            np.testing.assert_array_equal(public, exact)
