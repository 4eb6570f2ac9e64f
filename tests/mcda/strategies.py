"""Hypothesis strategies shared by the tests of vendoreval.mcda: small ranking problems."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Problem = tuple[FloatArray, FloatArray, BoolArray, FloatArray, list[str]]


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_vendors: int = 8,
    max_criteria: int = 6,
    integer_scores: bool = False,
    low: float = 0.0,
) -> Problem:
    """A score matrix, weights, knock-out flags, tie-break costs and vendor names."""
    n = draw(st.integers(1, max_vendors))
    m = draw(st.integers(1, max_criteria))
    if integer_scores:  # few distinct values: many exact ties
        elements = st.integers(int(low), 5).map(lambda v: 20.0 * v)
    else:
        elements = st.floats(low, 100.0, allow_nan=False, allow_subnormal=False)
    scores = draw(hnp.arrays(np.float64, (n, m), elements=elements))
    weights = draw(
        hnp.arrays(np.float64, m, elements=st.floats(0.0, 1.0, allow_subnormal=False)).filter(
            lambda w: w.sum() > 1e-6
        )
    )
    passed = draw(hnp.arrays(np.bool_, n))
    costs = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([1e4, 2e4, 3e4])))
    names = draw(
        st.lists(st.text("ABCXYZ", min_size=1, max_size=3), min_size=n, max_size=n, unique=True)
    )
    return scores, weights, passed, costs, names


@st.composite
def small_problems(
    draw: st.DrawFn, *, min_vendors: int = 1, min_criteria: int = 1, integer: bool = False
) -> Problem:
    """Scores, weights, knock-out flags, tie-break costs and names of a small problem."""
    n = draw(st.integers(min_vendors, 6))
    m = draw(st.integers(min_criteria, 5))
    if integer:  # exact rationals: interval edges are well separated from each other
        scores = draw(hnp.arrays(np.float64, (n, m), elements=st.integers(0, 100).map(float)))
        weights = draw(
            hnp.arrays(np.float64, m, elements=st.integers(0, 10).map(float)).filter(
                lambda w: w.sum() > 0
            )
        )
    else:
        scores = draw(hnp.arrays(np.float64, (n, m), elements=st.floats(0.0, 100.0)))
        weights = draw(
            hnp.arrays(np.float64, m, elements=st.floats(0.0, 1.0, allow_subnormal=False)).filter(
                lambda w: w.sum() > 1e-3
            )
        )
    passed = draw(hnp.arrays(np.bool_, n))
    costs = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([1e4, 2e4, 3e4])))
    names = [f"vendor {i}" for i in range(n)]
    return scores, weights, passed, costs, names
