"""Simulated shares handed to the credit rules stay shares."""

from __future__ import annotations

import numpy as np

from vendoreval.simulation.model import _share


def test_rounding_past_the_bounds_and_empty_months() -> None:
    # interpolated service levels may stray past 1 (or below 0) by rounding; a month with
    # no traffic on the channel (NaN) has nothing to measure and counts as the target
    values = np.array([1.0 + 1e-12, -1e-15, 0.42, np.nan])
    np.testing.assert_array_equal(_share(values, 0.8), [1.0, 0.0, 0.42, 0.8])
