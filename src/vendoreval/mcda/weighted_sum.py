"""The weighted sum (additive value model): ``scores @ weights``.

The aggregate score of a vendor is the weighted mean of its criterion scores. It is the
simplest multi-criteria method and the one whose results are easiest to explain: each
criterion contributes ``score × weight`` points, and adding or removing a vendor never
changes another vendor's score (no rank reversal).

References
----------
.. [1] Keeney, R. L., & Raiffa, H. (1976). *Decisions with Multiple Objectives:
   Preferences and Value Tradeoffs*, ch. 3 (additive value functions). Wiley.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vendoreval.mcda._validate import FloatArray, check_pair

__all__ = ["weighted_sum"]


def weighted_sum(scores: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Aggregate scores by the weighted sum (additive value model).

    Broadcasts over leading axes: a stack of score matrices ``(..., n_vendors,
    n_criteria)`` and a stack of weight vectors ``(..., n_criteria)`` are aggregated in
    one vectorized call.

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Aggregate score ``scores @ weights`` [points, 0–100 when every score is].

    Raises
    ------
    vendoreval.errors.ArgumentError
        On non-finite scores, or weights that are negative, non-finite, all zero or of
        the wrong length.

    Examples
    --------
    >>> weighted_sum([[80.0, 40.0], [50.0, 90.0]], [3, 1])
    array([70., 60.])
    """
    matrix, w = check_pair(scores, weights)
    result: FloatArray = np.matmul(matrix, w[..., :, None])[..., 0]
    return result
